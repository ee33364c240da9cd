package dev.trackbook.kernel.dependencies;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * What the body of {@code %%loadFromPOM} asks for: a whole pom.xml ({@code <project>}) or the
 * fragments a README shows ({@code <dependency>}, {@code <dependencies>}, {@code <repository>},
 * {@code <repositories>}, {@code <properties>}), as IJava and JJava read it. The dependencies
 * become {@code %maven} coordinates and the repositories {@code %mavenRepo} ones, so the kernel
 * resolves them as those magics do and a pipeline's header records them alike.
 *
 * <p>Only what decides the class path without another POM is read: {@code <parent>}, {@code
 * <dependencyManagement>}, {@code <profiles>} and {@code <exclusions>} would need Maven's model
 * builder, and are refused rather than silently ignored; elements that do not change the class path
 * ({@code <build>}, {@code <name>}, {@code <licenses>}, ...) are skipped.
 *
 * @param coordinates {@code group:artifact[:extension[:classifier]]:version}, in POM order
 * @param repositories the POM's repositories, in POM order
 */
public record PomDependencies(
    List<String> coordinates, List<MavenResolver.Repository> repositories) {

  /** The cell magic's name, and its errors' first word. */
  public static final String MAGIC = "%%loadFromPOM";

  /** The line magic's name ({@code %loadFromPOM PATH [SCOPE...]}, which reads a file). */
  public static final String LINE_MAGIC = "%loadFromPOM";

  /**
   * The scopes loaded when the magic names none. IJava's and JJava's default also names system and
   * import, whose dependencies are refused here whatever the scopes (a jar path, a BOM).
   */
  public static final List<String> DEFAULT_SCOPES = List.of("compile", "runtime");

  private static final Set<String> SCOPES =
      Set.of("compile", "runtime", "provided", "test", "system", "import");

  // Project elements that do not change which jars a notebook gets.
  private static final Set<String> SKIPPED =
      Set.of(
          "modelVersion",
          "groupId",
          "artifactId",
          "version",
          "packaging",
          "name",
          "description",
          "url",
          "inceptionYear",
          "organization",
          "licenses",
          "developers",
          "contributors",
          "mailingLists",
          "prerequisites",
          "modules",
          "scm",
          "issueManagement",
          "ciManagement",
          "distributionManagement",
          "build",
          "reporting",
          "pluginRepositories");

  private static final Set<String> DEPENDENCY_ELEMENTS =
      Set.of("groupId", "artifactId", "version", "type", "classifier", "scope", "optional");

  // <releases>/<snapshots> policies: the resolver's defaults (both enabled) are kept.
  private static final Set<String> REPOSITORY_ELEMENTS =
      Set.of("id", "name", "url", "layout", "releases", "snapshots");

  private static final Pattern XML_DECLARATION = Pattern.compile("^\\s*<\\?xml[^>]*\\?>");
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]*)}");
  private static final String WRAPPER = "loadFromPOM";

  public PomDependencies {
    coordinates = List.copyOf(coordinates);
    repositories = List.copyOf(repositories);
  }

  /**
   * Reads a {@code %%loadFromPOM} cell.
   *
   * @param scopes the magic's arguments: the dependency scopes to load ({@link #DEFAULT_SCOPES}
   *     when empty)
   * @param body the cell's body: a pom.xml or POM fragments
   * @throws IllegalArgumentException with a one-line message starting with {@link #MAGIC}: for XML
   *     that is malformed or has a DOCTYPE, an element it does not support, a dependency without a
   *     version, or an undefined {@code ${property}}
   */
  public static PomDependencies parse(List<String> scopes, String body) {
    return parse(scopes, body, "the cell's body");
  }

  /** {@link #parse(List, String)}; {@code source} names the text in messages about its XML. */
  private static PomDependencies parse(List<String> scopes, String body, String source) {
    for (String scope : scopes) {
      if (!SCOPES.contains(scope)) {
        throw usage(
            "unknown scope '" + scope + "'; expected some of " + String.join(", ", sorted(SCOPES)));
      }
    }
    Set<String> loaded = new HashSet<>(scopes.isEmpty() ? DEFAULT_SCOPES : scopes);
    List<Element> top = children(document(body, source));
    if (top.size() == 1 && top.get(0).getLocalName().equals("project")) {
      top = children(top.get(0));
    }
    if (top.isEmpty()) {
      throw usage("expected <dependency> or <dependencies> elements, or a whole <project>");
    }
    Map<String, String> properties = properties(top);
    List<String> coordinates = new ArrayList<>();
    Map<String, MavenResolver.Repository> repositories = new LinkedHashMap<>();
    for (Element e : top) {
      switch (e.getLocalName()) {
        case "dependency" -> dependency(e, properties, loaded, coordinates);
        case "dependencies" ->
            only(e, "dependency").forEach(d -> dependency(d, properties, loaded, coordinates));
        case "repository" -> repository(e, properties, repositories);
        case "repositories" ->
            only(e, "repository").forEach(r -> repository(r, properties, repositories));
        case "properties" -> {} // read above
        default -> {
          if (!SKIPPED.contains(e.getLocalName())) {
            throw unsupported(e, "(only <dependencies>, <repositories> and <properties> are read)");
          }
        }
      }
    }
    return new PomDependencies(coordinates, List.copyOf(repositories.values()));
  }

  /**
   * Reads a {@code %loadFromPOM PATH [SCOPE...]} line: the pom.xml at PATH (UTF-8), read as {@link
   * #parse} reads a {@code %%loadFromPOM} cell's body. The kernel resolves PATH against its working
   * directory, the notebook's; the converter against the notebook's directory.
   *
   * @param directory what a relative PATH is relative to
   * @param args the magic's arguments: PATH, then the scopes
   * @throws IllegalArgumentException with a one-line message starting with {@link #LINE_MAGIC}:
   *     without a PATH, for a file that cannot be read, and for what {@link #parse} refuses (then
   *     naming PATH)
   */
  public static PomDependencies read(Path directory, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(
          LINE_MAGIC + ": expected the path of a pom.xml, then optional scopes");
    }
    String path = args.get(0);
    String text;
    try {
      text = Files.readString(directory.resolve(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      // Relative to a directory the user may not have in mind (the kernel's or the notebook's).
      String where = Path.of(path).isAbsolute() ? "" : " (in " + directory + ")";
      throw new IllegalArgumentException(LINE_MAGIC + ": no such file: " + path + where, e);
    } catch (IOException | InvalidPathException e) {
      // Java's own messages are a class name ("Input length = 1") or only the path for these.
      String why =
          e instanceof CharacterCodingException
              ? "not UTF-8 text"
              : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
      throw new IllegalArgumentException(LINE_MAGIC + ": cannot read " + path + ": " + why, e);
    }
    try {
      return parse(args.subList(1, args.size()), text, path);
    } catch (IllegalArgumentException e) {
      // The same refusals as the cell's, naming the magic as typed and the file.
      throw new IllegalArgumentException(
          LINE_MAGIC + " " + path + e.getMessage().substring(MAGIC.length()), e);
    }
  }

  private static void dependency(
      Element d, Map<String, String> properties, Set<String> loaded, List<String> out) {
    Map<String, String> v = values(d, DEPENDENCY_ELEMENTS, properties);
    String group = required(v, "groupId", "<dependency>");
    String artifact = required(v, "artifactId", "<dependency>");
    String name = group + ":" + artifact;
    String scope = v.getOrDefault("scope", "compile");
    if (!SCOPES.contains(scope)) {
      throw usage("<dependency> " + name + " has an unknown <scope> '" + scope + "'");
    }
    if (scope.equals("system")) {
      throw usage(
          "<dependency> " + name + ": scope system is not supported; add its jar with %jars");
    }
    if (scope.equals("import")) {
      throw usage(
          "<dependency> "
              + name
              + ": scope import belongs in <dependencyManagement>, which is not supported");
    }
    if (!loaded.contains(scope)) {
      return;
    }
    String version = v.get("version");
    if (version == null || version.isEmpty()) {
      throw usage(
          "<dependency> "
              + name
              + " has no <version> (versions from <parent> or <dependencyManagement> are not"
              + " supported)");
    }
    // Maven's artifact handlers: a type names the file's extension, test-jar a classified jar.
    String type = v.getOrDefault("type", "jar");
    String classifier = v.getOrDefault("classifier", "");
    if (type.equals("test-jar")) {
      type = "jar";
      classifier = classifier.isEmpty() ? "tests" : classifier;
    }
    StringBuilder c = new StringBuilder(name);
    if (!classifier.isEmpty()) {
      c.append(':').append(type).append(':').append(classifier);
    } else if (!type.equals("jar")) {
      c.append(':').append(type);
    }
    out.add(c.append(':').append(version).toString());
  }

  private static void repository(
      Element r, Map<String, String> properties, Map<String, MavenResolver.Repository> out) {
    Map<String, String> v = values(r, REPOSITORY_ELEMENTS, properties);
    String id = required(v, "id", "<repository>");
    String url = required(v, "url", "<repository> " + id);
    String layout = v.getOrDefault("layout", "default");
    if (!layout.equals("default")) {
      throw usage("<repository> " + id + ": layout '" + layout + "' is not supported");
    }
    // As %mavenRepo checks it: credentials in the URL would be saved in the notebook.
    out.put(id, AddedRepositories.parse(MAGIC, List.of(id, url))); // a later id wins, as there
  }

  /**
   * The text of {@code e}'s child elements, interpolated; an element not in {@code allowed} fails.
   */
  private static Map<String, String> values(
      Element e, Set<String> allowed, Map<String, String> properties) {
    Map<String, String> values = new HashMap<>();
    for (Element child : children(e)) {
      String name = child.getLocalName();
      if (!allowed.contains(name)) {
        throw unsupported(child, "in a <" + e.getLocalName() + ">");
      }
      if (children(child).isEmpty()) {
        values.put(name, interpolate(child.getTextContent().strip(), properties, new HashSet<>()));
      }
    }
    return values;
  }

  private static Map<String, String> properties(List<Element> top) {
    Map<String, String> properties = new HashMap<>();
    for (Element e : top) {
      if (e.getLocalName().equals("properties")) {
        children(e).forEach(p -> properties.put(p.getLocalName(), p.getTextContent().strip()));
      }
    }
    // ${project.version} and kin, as Maven defines them, from the fragment's own elements.
    for (Element e : top) {
      if (Set.of("groupId", "artifactId", "version").contains(e.getLocalName())) {
        properties.putIfAbsent("project." + e.getLocalName(), e.getTextContent().strip());
      }
    }
    return properties;
  }

  private static String interpolate(String text, Map<String, String> properties, Set<String> seen) {
    Matcher m = PROPERTY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = properties.get(name);
      if (value == null) {
        throw usage(
            "${"
                + name
                + "} is not defined in the POM's <properties> (properties of a <parent>,"
                + " settings.xml or the environment are not supported)");
      }
      if (!seen.add(name)) {
        throw usage("${" + name + "} is defined in terms of itself");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(interpolate(value, properties, seen)));
      seen.remove(name);
    }
    return m.appendTail(out).toString();
  }

  private static String required(Map<String, String> values, String name, String where) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw usage(where + " has no <" + name + ">");
    }
    return value;
  }

  /** The children of {@code e}, which must all be {@code <name>}. */
  private static List<Element> only(Element e, String name) {
    List<Element> children = children(e);
    for (Element child : children) {
      if (!child.getLocalName().equals(name)) {
        throw unsupported(child, "in <" + e.getLocalName() + ">");
      }
    }
    return children;
  }

  /** Child elements; text other than white space beside them is malformed for a POM. */
  private static List<Element> children(Node parent) {
    List<Element> elements = new ArrayList<>();
    boolean text = false;
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        elements.add(e);
      } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        text |= !n.getNodeValue().isBlank();
      }
    }
    if (text && !elements.isEmpty()) {
      throw usage("text beside elements " + placeOf(parent));
    }
    return elements;
  }

  private static String placeOf(Node n) {
    return n instanceof Element e && !e.getLocalName().equals(WRAPPER)
        ? "in <" + e.getLocalName() + ">"
        : "at the top level"; // the wrapper: around a cell's body or a file's text
  }

  /**
   * The body parsed as the children of one wrapping element, so several fragments make one
   * document. No DOCTYPE, so no entity can pull in a file or a URL.
   */
  private static Element document(String body, String source) {
    // A pasted pom.xml's declaration may only start a document; blanked, lines keep their numbers.
    Matcher declaration = XML_DECLARATION.matcher(body);
    if (declaration.find()) {
      body = declaration.group().replaceAll("[^\n]", " ") + body.substring(declaration.end());
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true); // a pom.xml's xmlns: elements are read by local name
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(THROWING); // the default handler also prints each error to stderr
      String xml = "<" + WRAPPER + ">" + body + "\n</" + WRAPPER + ">";
      return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (SAXException | IOException | ParserConfigurationException e) {
      // Refused by the parser (disallow-doctype-decl), or, inside the wrapper, not even parsed.
      if (body.contains("<!DOCTYPE")) {
        throw usage("a DOCTYPE is not allowed (it could read files through external entities)");
      }
      if (e instanceof SAXParseException p) {
        throw usage(
            "malformed XML at line "
                + p.getLineNumber()
                + ", column "
                + p.getColumnNumber()
                + " of "
                + source
                + ": "
                + p.getMessage());
      }
      throw usage("cannot read " + source + " as XML: " + e.getMessage());
    }
  }

  private static final ErrorHandler THROWING =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXParseException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      };

  private static IllegalArgumentException unsupported(Element e, String where) {
    return usage("<" + e.getLocalName() + "> is not supported " + where);
  }

  private static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(MAGIC + ": " + message);
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }
}
