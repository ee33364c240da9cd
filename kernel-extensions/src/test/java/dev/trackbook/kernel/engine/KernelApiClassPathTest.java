package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelApiClassPathTest {

  /** A jar whose entries hold their own names (or {@code content} for all). */
  private static Path jar(Path file, String content, String... entries) throws Exception {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      for (String e : entries) {
        out.putNextEntry(new JarEntry(e));
        out.write((content != null ? content : e).getBytes());
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void copiesOnlyTheKernelApiOutOfAFatJarAndClassDirectories(@TempDir Path tmp) throws Exception {
    Path fat =
        jar(
            tmp.resolve("fat.jar"),
            null,
            "dev/trackbook/client/Tracking.class",
            "dev/trackbook/kernel/engine/Anything.class",
            "org/dflib/jjava/jupyter/Extension.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "dev/trackbook/server/TrackingServer.class",
            "META-INF/MANIFEST.MF");
    Path classes = tmp.resolve("classes/dev/trackbook/magics");
    Files.createDirectories(classes);
    Files.writeString(classes.resolve("Magic.class"), "m");
    Files.writeString(classes.getParent().resolve("Other.class"), "o");

    Path api =
        KernelApiClassPath.copy(
            fat + File.pathSeparator + tmp.resolve("classes"),
            ClassLoader.getPlatformClassLoader());

    assertThat(api.resolve("dev/trackbook/client/Tracking.class"))
        .hasContent("dev/trackbook/client/Tracking.class");
    assertThat(api.resolve("dev/trackbook/kernel/engine/Anything.class")).exists();
    assertThat(api.resolve("org/dflib/jjava/jupyter/Extension.class")).exists();
    assertThat(api.resolve("dev/trackbook/magics/Magic.class")).hasContent("m");
    assertThat(api.resolve("com")).doesNotExist();
    assertThat(api.resolve("dev/trackbook/server")).doesNotExist();
    assertThat(api.resolve("dev/trackbook/Other.class")).doesNotExist();
  }

  @Test
  void theFirstEntrysClassWinsAsInTheJvm(@TempDir Path tmp) throws Exception {
    Path first = jar(tmp.resolve("first.jar"), "first", "dev/trackbook/client/A.class");
    Path second = jar(tmp.resolve("second.jar"), "second", "dev/trackbook/client/A.class");
    Path api =
        KernelApiClassPath.copy(
            first + File.pathSeparator + second, ClassLoader.getPlatformClassLoader());
    assertThat(api.resolve("dev/trackbook/client/A.class")).hasContent("first");
  }

  @Test
  void theKernelsOwnJarCountsEvenWhenTheClassPathDoesNotNameIt() throws Exception {
    // A launcher that puts only a manifest jar on java.class.path: the API classes' code sources.
    Path api = KernelApiClassPath.copy("", KernelApiClassPathTest.class.getClassLoader());
    assertThat(api.resolve("dev/trackbook/kernel/engine/CellStop.class")).exists();
    assertThat(api.resolve("org/dflib/jjava/jupyter/kernel/BaseKernel.class")).exists();
  }
}
