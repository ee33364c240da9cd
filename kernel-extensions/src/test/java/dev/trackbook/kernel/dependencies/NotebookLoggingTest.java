package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision only; KernelIT checks the provider jar the kernel adds and what a cell prints. */
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

  private String api() throws IOException {
    return jar("slf4j-api.jar", "org/slf4j/spi/SLF4JServiceProvider.class");
  }

  @Test
  void slf4jApiWithoutABackendNeedsTheProviderOnce() throws Exception {
    NotebookLogging logging = new NotebookLogging();
    String lib = jar("lib.jar", "demo/Lib.class");

    assertThat(logging.needsProvider(List.of(), List.of(lib))).isFalse();
    assertThat(logging.needsProvider(List.of(lib), List.of(api()))).isTrue();
    // Added now: a later %maven bringing slf4j-api again needs nothing more.
    assertThat(logging.needsProvider(List.of(lib, api()), List.of(api()))).isFalse();
  }

  @Test
  void aBackendAddedNowOrEarlierNeedsNothing() throws Exception {
    String backend = jar("logback.jar", PROVIDERS);
    Path classes = Files.createDirectories(dir.resolve("classes/META-INF/services"));
    Files.writeString(classes.resolve("org.slf4j.spi.SLF4JServiceProvider"), "demo.Backend\n");

    assertThat(new NotebookLogging().needsProvider(List.of(), List.of(api(), backend))).isFalse();
    assertThat(new NotebookLogging().needsProvider(List.of(backend), List.of(api()))).isFalse();
    assertThat(
            new NotebookLogging()
                .needsProvider(List.of(dir.resolve("classes").toString()), List.of(api())))
        .isFalse();
    assertThat(
            new NotebookLogging()
                .needsProvider(List.of(dir.resolve("missing.jar").toString()), List.of(api())))
        .isTrue();
  }
}
