package dev.trackbook.converter.percent;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.magic.MagicTranslator;
import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.InputHash;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterCells;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed pipeline script.
 *
 * @param header the versioned header
 * @param body the text after the header, which {@link PipelineHeader#bodySha256()} covers
 * @param cells the cells in order
 */
public record PipelineScript(PipelineHeader header, String body, List<ScriptCell> cells) {

  /**
   * Why a script whose hashes match fails {@link #matchesHeader}: the header's parameters, Maven
   * coordinates, class path or experiment are not what its cells say now.
   */
  public static final String HEADER_DIFFERS =
      "its header is not what its cells need (the header was edited, or a pom.xml a %loadFromPOM"
          + " line reads changed since the conversion)";

  /** Why a script whose body or cells no longer match the header's hashes fails. */
  public static final String EDITED =
      "the script was edited after it was converted (it no longer matches the hash in its header)";

  public PipelineScript {
    cells = List.copyOf(cells);
  }

  /** The notebook inputs this script was made from, restored from the script itself. */
  public Notebook notebook() {
    List<Cell> inputs = cells.stream().map(ScriptCell::input).toList();
    return new Notebook(inputs, header.kernelspec());
  }

  /**
   * Whether the script is the one the converter wrote: its body's text and inputs match the
   * header's hashes, and what the header says the cells need (parameters, Maven coordinates, class
   * path, the experiment), which the runner obeys, is what the cells say through the magics module.
   */
  public boolean matchesHeader() {
    return matchesHeader(new MagicsModuleTranslator());
  }

  /**
   * {@link #matchesHeader()} for a notebook in {@code notebookDirectory}, which the files its
   * magics read ({@code %loadFromPOM PATH}) are relative to; the others assume the working one.
   */
  public boolean matchesHeader(Path notebookDirectory) {
    return matchesHeader(new MagicsModuleTranslator(), notebookDirectory);
  }

  /** {@link #matchesHeader()} with the magics read by {@code translator}. */
  public boolean matchesHeader(MagicTranslator translator) {
    return matchesHeader(translator, Path.of("").toAbsolutePath());
  }

  /**
   * Whether the body and the cells are what the header's hashes say. When they are and {@link
   * #matchesHeader} still fails, the header was edited or a file a magic reads changed.
   */
  public boolean matchesHashes() {
    return InputHash.sha256(body).equals(header.bodySha256())
        && InputHash.of(notebook()).equals(header.sourceSha256());
  }

  /** {@link #matchesHeader(Path)} with the magics read by {@code translator}. */
  public boolean matchesHeader(MagicTranslator translator, Path notebookDirectory) {
    return mismatch(translator, notebookDirectory) == null;
  }

  /**
   * Why the script is not the one the converter wrote ({@link #matchesHeader}), in words for its
   * user; null when it is. A file a magic reads that is gone or unreadable now is named with the
   * magic's own message.
   */
  public String mismatch(MagicTranslator translator, Path notebookDirectory) {
    if (!matchesHashes()) {
      return EDITED;
    }
    PercentWriter.Body needs;
    List<Parameter> parameters;
    try {
      needs = new PercentWriter(translator, notebookDirectory).body(notebook());
      parameters = ParameterCells.parse(notebook());
    } catch (ConversionException e) {
      return "its cells no longer convert as they did: " + e.getMessage();
    }
    boolean same =
        needs.maven().equals(header.maven())
            && needs.classpath().equals(header.classpath())
            && needs.mavenRepositories().equals(header.mavenRepositories())
            && Objects.equals(needs.experiment(), header.experiment())
            && parameters.equals(header.parameters());
    return same ? null : HEADER_DIFFERS;
  }

  /** {@link #mismatch(MagicTranslator, Path)} with the magics module's translator. */
  public String mismatch(Path notebookDirectory) {
    return mismatch(new MagicsModuleTranslator(), notebookDirectory);
  }
}
