package dev.trackbook.converter.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.kernel.install.KernelInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineProcessTest {
  @TempDir Path dir;

  @Test
  void startsWithTheKernelsFlagsThenThisJvmsAndRunsInTheNotebooksDirectory() throws Exception {
    Files.createDirectories(dir.resolve("notebooks"));
    Files.writeString(dir.resolve("notebooks/a.ipynb"), "{}");
    Path script = Files.createDirectories(dir.resolve("pipelines")).resolve("a.java");
    Files.writeString(script, header("notebooks/a.ipynb"));

    ProcessBuilder pb = PipelineProcess.builder(script, List.of("-p", "k=v"));

    List<String> command = pb.command();
    int main = command.indexOf(PipelineMain.class.getName());
    assertThat(command.subList(1, 1 + KernelInstaller.JVM_FLAGS.size()))
        .isEqualTo(KernelInstaller.JVM_FLAGS);
    assertThat(command.subList(main, command.size()))
        .containsExactly(
            PipelineMain.class.getName(), script.toAbsolutePath().toString(), "-p", "k=v");
    assertThat(pb.directory().toPath()).isEqualTo(dir.resolve("notebooks"));
  }

  @Test
  void aNotebookAtTheProjectRootRunsInTheRoot() throws Exception {
    Files.writeString(dir.resolve("root.ipynb"), "{}");
    Path script = Files.createDirectories(dir.resolve("pipelines")).resolve("root.java");
    Files.writeString(script, header("root.ipynb"));

    assertThat(PipelineProcess.workingDirectory(script)).isEqualTo(dir);
  }

  @Test
  void nativeAccessIsGrantedFromJava22OnWhereItsAbsenceWarns() {
    assertThat(PipelineProcess.jvmFlags(25))
        .endsWith("--enable-native-access=ALL-UNNAMED")
        .startsWith(KernelInstaller.JVM_FLAGS.toArray(String[]::new));
    assertThat(PipelineProcess.jvmFlags(21)).isEqualTo(KernelInstaller.JVM_FLAGS);
  }

  private static String header(String source) {
    return String.join(
        "\n",
        "// ---",
        "// jupyter:",
        "//   trackbook:",
        "//     pipeline:",
        "//       format_version: 1",
        "//       source: " + source,
        "// ---",
        "",
        "// %%",
        "int x = 1;",
        "");
  }
}
