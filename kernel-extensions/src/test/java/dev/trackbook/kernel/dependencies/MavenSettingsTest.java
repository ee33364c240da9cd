package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenSettingsTest {

  @Test
  void environmentAndSystemPropertiesAreInterpolatedAsMvnDoes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("settings.xml");
    Files.writeString(
        file, "<settings><localRepository>${user.home}/${env.PATH}</localRepository></settings>");

    assertThat(MavenSettings.read(file, null).localRepository())
        .contains(Path.of(System.getProperty("user.home") + "/" + System.getenv("PATH")));
  }

  @Test
  void missingFilesMeanMavensDefaults(@TempDir Path dir) {
    assertThat(
            MavenSettings.read(dir.resolve("none.xml"), dir.resolve("nor.xml")).localRepository())
        .isEmpty();
  }
}
