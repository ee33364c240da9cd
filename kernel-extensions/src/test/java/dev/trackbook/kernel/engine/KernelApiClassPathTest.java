package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelApiClassPathTest {

  private static Path jar(Path file, String... entries) throws Exception {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      for (String e : entries) {
        out.putNextEntry(new JarEntry(e));
        out.write(e.getBytes());
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
            "dev/trackbook/client/Tracking.class",
            "dev/trackbook/kernel/engine/CellStop.class",
            "org/dflib/jjava/jupyter/Extension.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "dev/trackbook/server/TrackingServer.class",
            "META-INF/MANIFEST.MF");
    Path classes = tmp.resolve("classes/dev/trackbook/magics");
    Files.createDirectories(classes);
    Files.writeString(classes.resolve("Magic.class"), "m");
    Files.writeString(classes.getParent().resolve("Other.class"), "o");

    Path api =
        KernelApiClassPath.forClassPath(
            fat + File.pathSeparator + tmp.resolve("classes"), tmp.resolve("cache"));

    assertThat(api.resolve("dev/trackbook/client/Tracking.class"))
        .hasContent("dev/trackbook/client/Tracking.class");
    assertThat(api.resolve("dev/trackbook/kernel/engine/CellStop.class")).exists();
    assertThat(api.resolve("org/dflib/jjava/jupyter/Extension.class")).exists();
    assertThat(api.resolve("dev/trackbook/magics/Magic.class")).hasContent("m");
    assertThat(api.resolve("com")).doesNotExist();
    assertThat(api.resolve("dev/trackbook/server")).doesNotExist();
    assertThat(api.resolve("dev/trackbook/Other.class")).doesNotExist();
  }

  @Test
  void reusesTheCopyUntilAnEntryChanges(@TempDir Path tmp) throws Exception {
    Path fat = jar(tmp.resolve("fat.jar"), "dev/trackbook/client/A.class");
    Path first = KernelApiClassPath.forClassPath(fat.toString(), tmp.resolve("cache"));
    assertThat(KernelApiClassPath.forClassPath(fat.toString(), tmp.resolve("cache")))
        .isEqualTo(first);

    jar(fat, "dev/trackbook/client/A.class", "dev/trackbook/client/B.class");
    Files.setLastModifiedTime(fat, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Path rebuilt = KernelApiClassPath.forClassPath(fat.toString(), tmp.resolve("cache"));
    assertThat(rebuilt).isNotEqualTo(first);
    assertThat(rebuilt.resolve("dev/trackbook/client/B.class")).exists();
  }

  @Test
  void keepsOnlyTheMostRecentlyUsedCopies(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    java.util.List<Path> made = new java.util.ArrayList<>();
    for (int i = 0; i < KernelApiClassPath.KEEP; i++) {
      Path jar = jar(tmp.resolve("build-" + i + ".jar"), "dev/trackbook/client/A.class");
      made.add(KernelApiClassPath.forClassPath(jar.toString(), cache));
    }
    for (int i = 0; i < made.size(); i++) { // made in this order, long ago
      Files.setLastModifiedTime(made.get(i), FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    // The oldest is used again: that keeps it.
    assertThat(KernelApiClassPath.forClassPath(tmp.resolve("build-0.jar").toString(), cache))
        .isEqualTo(made.get(0));
    for (String build : java.util.List.of("new-1", "new-2")) {
      KernelApiClassPath.forClassPath(
          jar(tmp.resolve(build + ".jar"), "dev/trackbook/client/A.class").toString(), cache);
    }

    try (var dirs = Files.list(cache)) {
      assertThat(dirs.toList()).hasSize(KernelApiClassPath.KEEP).contains(made.get(0));
    }
    assertThat(made.get(1)).doesNotExist();
    assertThat(made.get(2)).doesNotExist();
    assertThat(made.get(3)).exists();
  }
}
