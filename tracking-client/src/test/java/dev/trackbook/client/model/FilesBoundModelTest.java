package dev.trackbook.client.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesBoundModelTest {
  @TempDir Path tmp;

  /** A model that holds nothing: what is tested is the files. */
  static final class NoModel implements ServableModel {
    @Override
    public ModelDescriptor descriptor() {
      return null;
    }

    @Override
    public String predict(String jsonRequest) {
      return "[]";
    }

    @Override
    public Object unwrap() {
      return null;
    }

    @Override
    public void close() {}
  }

  /** Loads a "model" into args[0] and exits without closing it, as a notebook kernel does. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.writeString(dir.resolve("weights.bin"), "w");
    FilesBoundModel.of(new NoModel(), dir);
    System.exit(0);
  }

  @Test
  void closingDeletesTheDownload() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("download"));
    Files.writeString(dir.resolve("weights.bin"), "w");
    FilesBoundModel.of(new NoModel(), dir).close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aModelNeverClosedLosesItsFilesWhenTheJvmExits() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("kept-open"));
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FilesBoundModelTest.class.getName(),
                dir.toString())
            .inheritIO()
            .start();
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(jvm.exitValue()).isZero();
    assertThat(dir).doesNotExist();
  }
}
