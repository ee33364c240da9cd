package dev.trackbook.nbtest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kernelspecs are looked up where jupyter_core's {@code jupyter_path("kernels")} looks. */
class KernelSearchPathTest {
  private static List<Path> kernels(String... dirs) {
    return java.util.Arrays.stream(dirs).map(d -> Path.of(d, "kernels")).toList();
  }

  @Test
  void linuxDefaultsToTheXdgDataDirThenTheSystemDirs() {
    assertThat(KernelSpec.searchPath(Map.of(), "Linux", "/home/ada"))
        .isEqualTo(
            kernels(
                "/home/ada/.local/share/jupyter",
                "/usr/local/share/jupyter",
                "/usr/share/jupyter"));
    assertThat(KernelSpec.searchPath(Map.of("XDG_DATA_HOME", "/data/ada"), "Linux", "/home/ada"))
        .startsWith(Path.of("/data/ada/jupyter/kernels"));
  }

  @Test
  void macOsUsesLibraryJupyterAndJupyterDataDirWinsEverywhere() {
    assertThat(KernelSpec.searchPath(Map.of(), "Mac OS X", "/Users/ada"))
        .startsWith(Path.of("/Users/ada/Library/Jupyter/kernels"));
    assertThat(
            KernelSpec.searchPath(
                Map.of("JUPYTER_DATA_DIR", "/jd", "XDG_DATA_HOME", "/x"), "Mac OS X", "/Users/ada"))
        .startsWith(Path.of("/jd/kernels"));
  }

  @Test
  void jupyterPathComesFirstAndAnActiveEnvironmentBeforeTheUserUnlessToldOtherwise() {
    Map<String, String> venv =
        Map.of("JUPYTER_PATH", "/a:/b", "VIRTUAL_ENV", "/proj/.venv", "XDG_DATA_HOME", "/x");
    assertThat(KernelSpec.searchPath(venv, "Linux", "/home/ada"))
        .isEqualTo(
            kernels(
                "/a",
                "/b",
                "/proj/.venv/share/jupyter",
                "/x/jupyter",
                "/usr/local/share/jupyter",
                "/usr/share/jupyter"));
    Map<String, String> userFirst = new java.util.HashMap<>(venv);
    userFirst.put("JUPYTER_PREFER_ENV_PATH", "off");
    assertThat(KernelSpec.searchPath(userFirst, "Linux", "/home/ada").subList(2, 4))
        .isEqualTo(kernels("/x/jupyter", "/proj/.venv/share/jupyter"));
  }
}
