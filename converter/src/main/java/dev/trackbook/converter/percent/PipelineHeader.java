package dev.trackbook.converter.percent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.PipelineFormat;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterType;
import dev.trackbook.kernel.dependencies.AddedRepositories;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The versioned header of a pipeline script. It is jupytext's YAML header (so jupytext reads the
 * kernelspec and format from it) with our section under {@code jupyter.trackbook.pipeline}, which
 * jupytext keeps as notebook metadata when it reads the script.
 *
 * @param kernelspec the notebook's kernelspec
 * @param formatVersion {@link PipelineFormat#JAVA_PERCENT}'s version that wrote the script
 * @param source the notebook's path, relative to the project root, with {@code /}
 * @param sourceSha256 {@link dev.trackbook.converter.notebook.InputHash} of the notebook
 * @param bodySha256 sha256 of the script text after the header, to refuse edited scripts
 * @param version the pipeline version N from {@code pipelines.lock}
 * @param converterVersion the Trackbook version that converted it
 * @param gitCommit the last commit that touched the notebook, or null outside git
 * @param gitDirty whether the notebook differs from that commit
 * @param parameters the parameters with their types and defaults
 * @param maven the Maven coordinates the script needs ({@code %maven})
 * @param classpath the paths and globs its {@code %classpath} magics add, relative to the
 *     notebook's directory; written only when there are some, so older scripts read the same
 * @param mavenRepositories the remote repositories its {@code %addMavenRepo} magics add, which
 *     {@code maven} is resolved from too; written only when there are some
 * @param experiment the experiment the notebook's first {@code %experiment} selects, or null; a
 *     pipeline run logs there unless told otherwise, since the run starts before that cell
 */
public record PipelineHeader(
    Map<String, String> kernelspec,
    int formatVersion,
    String source,
    String sourceSha256,
    String bodySha256,
    int version,
    String converterVersion,
    String gitCommit,
    boolean gitDirty,
    List<Parameter> parameters,
    List<String> maven,
    List<String> classpath,
    List<MavenResolver.Repository> mavenRepositories,
    String experiment) {

  static final String FENCE = "// ---";

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder().stringQuotingChecker(new QuoteUnlessReadBack()).build())
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          // yaml.safe_dump sorts keys, so jupytext saves this header back in the same order.
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  public PipelineHeader {
    kernelspec = Map.copyOf(kernelspec);
    parameters = List.copyOf(parameters);
    maven = List.copyOf(maven);
    classpath = List.copyOf(classpath);
    mavenRepositories = List.copyOf(mavenRepositories);
  }

  /** A copy with {@code bodySha256} set, once the body is rendered. */
  public PipelineHeader withBodySha256(String sha256) {
    return new PipelineHeader(
        kernelspec,
        formatVersion,
        source,
        sourceSha256,
        sha256,
        version,
        converterVersion,
        gitCommit,
        gitDirty,
        parameters,
        maven,
        classpath,
        mavenRepositories,
        experiment);
  }

  /** The header lines, {@code // ---} fenced, each commented with {@code // }. */
  List<String> render() {
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("body_sha256", bodySha256);
    if (!classpath.isEmpty()) {
      pipeline.put("classpath", classpath);
    }
    pipeline.put("converter_version", converterVersion);
    pipeline.put("experiment", experiment);
    pipeline.put("format_version", formatVersion);
    pipeline.put("git_commit", gitCommit);
    pipeline.put("git_dirty", gitDirty);
    pipeline.put("maven", maven);
    if (!mavenRepositories.isEmpty()) {
      List<Map<String, String>> repositories = new ArrayList<>();
      for (MavenResolver.Repository r : mavenRepositories) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("id", r.id());
        entry.put("url", r.url());
        repositories.add(entry);
      }
      pipeline.put("maven_repositories", repositories);
    }
    List<Map<String, Object>> params = new ArrayList<>();
    for (Parameter p : parameters) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("default", p.defaultValue());
      entry.put("name", p.name());
      entry.put("type", p.type().javaName());
      if (!p.declaredAs().equals(p.type().javaName())) {
        entry.put("declared_as", p.declaredAs());
      }
      params.add(entry);
    }
    pipeline.put("parameters", params);
    pipeline.put("source", source);
    pipeline.put("source_sha256", sourceSha256);
    pipeline.put("version", version);

    Map<String, Object> textRepresentation = new LinkedHashMap<>();
    textRepresentation.put("extension", PipelineFormat.JAVA_PERCENT.extension());
    textRepresentation.put("format_name", PipelineFormat.JUPYTEXT_FORMAT_NAME);
    textRepresentation.put("format_version", PipelineFormat.JUPYTEXT_FORMAT_VERSION);
    Map<String, Object> jupytext = new LinkedHashMap<>();
    // Without this filter jupytext would drop our section when it saves the script back.
    jupytext.put("notebook_metadata_filter", "trackbook");
    jupytext.put("text_representation", textRepresentation);

    Map<String, Object> jupyter = new LinkedHashMap<>();
    jupyter.put("jupytext", jupytext);
    if (!kernelspec.isEmpty()) {
      jupyter.put("kernelspec", kernelspec);
    }
    jupyter.put("trackbook", Map.of("pipeline", pipeline));

    String yaml;
    try {
      yaml = YAML.writeValueAsString(Map.of("jupyter", jupyter));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the pipeline header", e);
    }
    List<String> lines = new ArrayList<>();
    lines.add(FENCE);
    for (String line : yaml.split("\n")) {
      lines.add(line.isEmpty() ? "//" : "// " + line);
    }
    lines.add(FENCE);
    return lines;
  }

  /** Reads the header from its YAML lines, already uncommented and without fences. */
  static PipelineHeader parse(List<String> yamlLines, String where) {
    JsonNode root;
    try {
      root = YAML.readTree(new NumbersAsText(YAML.createParser(String.join("\n", yamlLines))));
    } catch (JsonProcessingException e) {
      throw new ConversionException(
          where + ": the header is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string", e);
    }
    JsonNode jupyter = root == null ? null : root.path("jupyter");
    JsonNode p = jupyter == null ? null : jupyter.path("trackbook").path("pipeline");
    if (p == null || !p.isObject()) {
      throw new ConversionException(
          where
              + ": not a Trackbook pipeline (its header has no trackbook.pipeline section);"
              + " make one with ./trackbook convert <notebook>.ipynb");
    }
    int formatVersion = p.path("format_version").asInt(0);
    if (formatVersion < 1 || formatVersion > PipelineFormat.JAVA_PERCENT.version()) {
      throw new ConversionException(
          where
              + ": pipeline format version "
              + p.path("format_version").asText("?")
              + " is not one this Trackbook reads (1.."
              + PipelineFormat.JAVA_PERCENT.version()
              + "); convert the notebook again");
    }
    Map<String, String> kernelspec = new LinkedHashMap<>();
    jupyter
        .path("kernelspec")
        .fields()
        .forEachRemaining(f -> kernelspec.put(f.getKey(), f.getValue().asText()));
    List<Parameter> parameters = new ArrayList<>();
    for (JsonNode entry : p.path("parameters")) {
      String name = entry.path("name").asText();
      ParameterType type = ParameterType.fromJavaName(entry.path("type").asText());
      if (name.isEmpty() || type == null) {
        throw new ConversionException(where + ": a parameter in the header has no name or type");
      }
      Object value;
      try {
        value = type.parse(entry.path("default").asText());
      } catch (IllegalArgumentException e) {
        throw new ConversionException(where + ": parameter " + name + ": " + e.getMessage(), e);
      }
      parameters.add(
          new Parameter(name, type, entry.path("declared_as").asText(type.javaName()), value));
    }
    List<String> maven = new ArrayList<>();
    p.path("maven").forEach(m -> maven.add(m.asText()));
    List<String> classpath = new ArrayList<>();
    p.path("classpath").forEach(c -> classpath.add(c.asText()));
    List<MavenResolver.Repository> repositories = new ArrayList<>();
    for (JsonNode r : p.path("maven_repositories")) {
      String id = r.path("id").asText();
      String url = r.path("url").asText();
      if (id.isEmpty() || url.isEmpty()) {
        throw new ConversionException(
            where + ": a maven repository in the header has no id or url");
      }
      try {
        // Checked as %addMavenRepo checks it: a hand-edited header must not slip credentials in.
        repositories.add(AddedRepositories.parse("maven_repositories", List.of(id, url)));
      } catch (IllegalArgumentException e) {
        throw new ConversionException(where + ": " + e.getMessage(), e);
      }
    }
    JsonNode commit = p.get("git_commit");
    JsonNode experiment = p.get("experiment");
    return new PipelineHeader(
        kernelspec,
        formatVersion,
        p.path("source").asText(),
        p.path("source_sha256").asText(),
        p.path("body_sha256").asText(),
        p.path("version").asInt(),
        p.path("converter_version").asText(),
        commit == null || commit.isNull() ? null : commit.asText(),
        p.path("git_dirty").asBoolean(),
        parameters,
        maven,
        classpath,
        repositories,
        experiment == null || experiment.isNull() ? null : experiment.asText());
  }

  /**
   * Quotes a string whenever its plain scalar would not read back as that string: by Jackson (our
   * own {@link #parse}), which reads {@code 0x10}, {@code 1e3}, {@code 1_000} as numbers and fails
   * on {@code .inf}, or by PyYAML (jupytext), which resolves YAML 1.1's implicit types. Jackson's
   * own check only knows plain decimal numbers and a few keywords.
   */
  private static final class QuoteUnlessReadBack extends StringQuotingChecker.Default {

    // PyYAML's implicit resolvers (yaml/resolver.py) for int, float, bool, null and timestamp.
    private static final Pattern YAML_1_1_IMPLICIT =
        Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
                + "|[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
                + "|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
                + "|~|null|Null|NULL|=|<<"
                + "|[0-9]{4}-[0-9]{2}-[0-9]{2}"
                + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?");

    private static final YAMLFactory PLAIN_READER = new YAMLFactory();

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value)
          || YAML_1_1_IMPLICIT.matcher(value).matches()
          || !jacksonReadsBack(value);
    }

    private static boolean jacksonReadsBack(String value) {
      try (JsonParser parser = PLAIN_READER.createParser("k: " + value)) {
        return parser.nextToken() == JsonToken.START_OBJECT
            && parser.nextToken() == JsonToken.FIELD_NAME
            && parser.nextToken() == JsonToken.VALUE_STRING
            && parser.getText().equals(value)
            && parser.nextToken() == JsonToken.END_OBJECT;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * Gives every number as the text it was written as: a plain {@code 1e3} that PyYAML (jupytext)
   * wrote back is a string to it, but a number to Jackson, which would read a String default as
   * "1000.0". Fields that are numbers are read with {@code asInt()}, which parses the text.
   */
  private static final class NumbersAsText extends JsonParserDelegate {

    NumbersAsText(JsonParser parser) {
      super(parser);
    }

    private static JsonToken asText(JsonToken token) {
      return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
          ? JsonToken.VALUE_STRING
          : token;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return asText(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return asText(delegate.nextValue());
    }

    @Override
    public JsonToken currentToken() {
      return asText(delegate.currentToken());
    }

    @Override
    @Deprecated
    public JsonToken getCurrentToken() {
      return currentToken();
    }

    @Override
    public int currentTokenId() {
      JsonToken token = currentToken();
      return token == null ? JsonTokenId.ID_NO_TOKEN : token.id();
    }

    @Override
    @Deprecated
    public int getCurrentTokenId() {
      return currentTokenId();
    }

    @Override
    public boolean hasToken(JsonToken token) {
      return currentToken() == token;
    }

    @Override
    public boolean hasTokenId(int id) {
      return currentTokenId() == id;
    }

    @Override
    public boolean isExpectedNumberIntToken() {
      return false;
    }
  }
}
