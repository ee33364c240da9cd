package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookLoggingTest {
  private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  @TempDir Path dir;

  private String jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String e : entries) {
        out.putNextEntry(new JarEntry(e));
        out.write("x".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar.toString();
  }

  @Test
  void slf4jApiWithoutABackendGetsTheKernelsProvider() throws Exception {
    String api = jar("slf4j-api.jar", "org/slf4j/spi/SLF4JServiceProvider.class");
    String lib = jar("lib.jar", "demo/Lib.class");

    Optional<Path> provider = NotebookLogging.providerFor(List.of(lib), List.of(api));

    assertThat(provider).isPresent();
    try (JarFile added = new JarFile(provider.get().toFile())) {
      assertThat(new String(added.getInputStream(added.getEntry(PROVIDERS)).readAllBytes()))
          .contains("dev.trackbook.notebook.logging.NotebookLogProvider");
    }
    // The same jar each time, not a new temp file per %maven.
    assertThat(NotebookLogging.providerFor(List.of(), List.of(api))).isEqualTo(provider);
  }

  @Test
  void aBackendAddedNowOrEarlierOrNoSlf4jAtAllNeedsNothing() throws Exception {
    String api = jar("slf4j-api.jar", "org/slf4j/spi/SLF4JServiceProvider.class");
    String backend = jar("logback.jar", PROVIDERS);
    Path classes = Files.createDirectories(dir.resolve("classes/META-INF/services"));
    Files.writeString(classes.resolve("org.slf4j.spi.SLF4JServiceProvider"), "demo.Backend\n");

    assertThat(NotebookLogging.providerFor(List.of(), List.of(api, backend))).isEmpty();
    assertThat(NotebookLogging.providerFor(List.of(backend), List.of(api))).isEmpty();
    assertThat(
            NotebookLogging.providerFor(List.of(dir.resolve("classes").toString()), List.of(api)))
        .isEmpty();
    assertThat(NotebookLogging.providerFor(List.of(), List.of(jar("lib.jar", "demo/Lib.class"))))
        .isEmpty();
    assertThat(
            NotebookLogging.providerFor(List.of(), List.of(dir.resolve("missing.jar").toString())))
        .isEmpty();
  }
}
