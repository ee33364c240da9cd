package dev.trackbook.converter.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trackbook.converter.AtomicFile;
import dev.trackbook.converter.ConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code pipelines/pipelines.lock}: for each converted notebook, its script, the sha256 of its
 * inputs and its pipeline version N. N moves only when the hash changes, so re-converting an
 * unchanged notebook changes nothing. Written sorted with a fixed layout so it diffs cleanly.
 */
public final class PipelineManifest {

  /** The manifest's file name inside the output directory. */
  public static final String FILE_NAME = "pipelines.lock";

  private static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * One pipeline.
   *
   * @param script the script path, relative to the project root
   * @param sourceSha256 the notebook's input hash when it was converted
   * @param version the pipeline version N
   */
  public record Entry(
      String script, @JsonProperty("source_sha256") String sourceSha256, int version) {}

  private final TreeMap<String, Entry> entries;

  private PipelineManifest(Map<String, Entry> entries) {
    this.entries = new TreeMap<>(entries);
  }

  public static PipelineManifest empty() {
    return new PipelineManifest(Map.of());
  }

  /** Loads {@code file}, or an empty manifest when it does not exist yet. */
  public static PipelineManifest load(Path file) {
    if (!Files.exists(file)) {
      return empty();
    }
    try {
      var root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      var pipelines = root == null ? null : root.get("pipelines");
      if (pipelines == null || !pipelines.isObject()) {
        throw new ConversionException(
            file + ": not a pipelines manifest (no \"pipelines\" object)");
      }
      Map<String, Entry> entries =
          JSON.convertValue(pipelines, new TypeReference<Map<String, Entry>>() {});
      return new PipelineManifest(entries);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConversionException(
          file + ": cannot read the pipelines manifest: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConversionException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The entry for a notebook path (relative to the project root). */
  public Optional<Entry> entry(String notebook) {
    return Optional.ofNullable(entries.get(notebook));
  }

  /** All entries, sorted by notebook path. */
  public Map<String, Entry> entries() {
    return new TreeMap<>(entries);
  }

  /** A copy with {@code notebook}'s entry replaced. */
  public PipelineManifest with(String notebook, Entry entry) {
    TreeMap<String, Entry> copy = new TreeMap<>(entries);
    copy.put(notebook, entry);
    return new PipelineManifest(copy);
  }

  /** The manifest text: sorted keys, two-space indent, final newline. */
  public String render() {
    Map<String, Object> root = new TreeMap<>();
    root.put("format_version", FORMAT_VERSION);
    Map<String, Object> pipelines = new TreeMap<>();
    entries.forEach(
        (notebook, e) -> {
          Map<String, Object> entry = new TreeMap<>();
          entry.put("script", e.script());
          entry.put("source_sha256", e.sourceSha256());
          entry.put("version", e.version());
          pipelines.put(notebook, entry);
        });
    root.put("pipelines", pipelines);
    try {
      return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest", e);
    }
  }

  /** Writes the manifest atomically: readers never see half a file. */
  public void write(Path file) {
    AtomicFile.write(file, render());
  }
}
