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

  @Test
  void anUndecryptablePasswordIsAProblemOnlyWhereItWouldBeUsed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("settings.xml");
    String encrypted = "{COQLCE6DU6GtcS5P=}"; // looks encrypted; no master password to open it
    Files.writeString(
        file,
        "<settings><proxies>"
            + "<proxy><id>off</id><active>false</active><host>h</host><port>1</port>"
            + "<username>u</username><password>"
            + encrypted
            + "</password></proxy>"
            + "<proxy><id>on</id><active>true</active><host>h</host><port>2</port>"
            + "<username>u</username><password>"
            + encrypted
            + "</password></proxy></proxies></settings>");
    System.setProperty("settings.security", dir.resolve("absent.xml").toString());
    try {
      assertThat(MavenSettings.read(file, null).problems())
          .singleElement()
          .asString()
          .contains("proxy on")
          .doesNotContain("proxy off");
    } finally {
      System.clearProperty("settings.security");
    }
  }
}
