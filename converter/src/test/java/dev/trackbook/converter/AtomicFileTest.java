package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Written files get the mode an editor would give them, not a temp file's 0600. */
class AtomicFileTest {

  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void aNewFileGetsTheUmasksMode() throws IOException {
    Path reference = Files.createFile(dir.resolve("reference"));
    Path file = dir.resolve("sub/new.java");

    AtomicFile.write(file, "x");

    assertThat(Files.readString(file)).isEqualTo("x");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Files.getPosixFilePermissions(reference));
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void aReplacedFileKeepsItsMode() throws IOException {
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rwxr-xr-x"}) {
      Path file = dir.resolve("pipelines.lock");
      Files.writeString(file, "old");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

      AtomicFile.write(file, "new");

      assertThat(Files.readString(file)).isEqualTo("new");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(mode)
          .isEqualTo(mode);
    }
  }
}
