package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.notebook.Notebook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nbformat itself (the venv's, {@code trackbook.python}) finds the notebooks {@code convert --to
 * ipynb} restores valid against the schema of the minor version they declare.
 */
class NbformatValidationIT {

  private static final Path PYTHON =
      Path.of(System.getProperty("trackbook.python", "/work/main/.trackbook/venv/bin/python"));

  // The JSON schema check alone: nbformat.validate would repair missing ids with a warning.
  private static final String VALIDATE =
      "import json, sys\n"
          + "from nbformat.validator import get_validator\n"
          + "nb = json.load(open(sys.argv[1]))\n"
          + "errors = list(get_validator(nb['nbformat'], nb['nbformat_minor']).iter_errors(nb))\n"
          + "print('\\n'.join(e.message for e in errors))\n"
          + "sys.exit(1 if errors else 0)\n";

  static List<String> goldens() throws Exception {
    return PercentGoldenTest.inputs().toList();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void aRestoredNotebookIsValid(String name, @TempDir Path dir) throws Exception {
    Path script = dir.resolve(name + ".java");
    Files.writeString(script, PercentGoldenTest.render(name));
    Path restored = PercentGoldenTest.converter(dir).toNotebook(script, dir.resolve("back"), false);
    Notebook original =
        new IpynbReader().read(PercentGoldenTest.GOLDEN.resolve("inputs/" + name + ".ipynb"));
    assertThat(new IpynbReader().read(restored).cells()).isEqualTo(original.cells());

    Process process =
        new ProcessBuilder(PYTHON.toString(), "-c", VALIDATE, restored.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("nbformat on %s:%n%s", name, output).isZero();
  }
}
