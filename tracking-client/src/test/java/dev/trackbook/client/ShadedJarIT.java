package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (runs after {@code package}) carries Jackson only under our own package, and the
 * installed pom no longer asks for Jackson: notebook code may bring any Jackson it likes.
 */
class ShadedJarIT {
  private static final Path TARGET = Path.of(System.getProperty("trackbook.target", "target"));

  @Test
  void jacksonIsRelocatedInsideTheJar() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(TARGET)) {
      jar =
          files
              .filter(
                  f ->
                      f.getFileName().toString().matches("tracking-client-[^-]+(-SNAPSHOT)?\\.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no tracking-client jar in " + TARGET));
    }
    try (JarFile jarFile = new JarFile(jar.toFile())) {
      List<String> names = jarFile.stream().map(e -> e.getName()).collect(Collectors.toList());
      assertThat(names).contains("dev/trackbook/client/Tracking.class");
      assertThat(names).contains("dev/trackbook/client/shaded/jackson/databind/ObjectMapper.class");
      assertThat(names).noneMatch(n -> n.endsWith(".class") && n.contains("com/fasterxml/"));
    }
    String reducedPom = Files.readString(TARGET.getParent().resolve("dependency-reduced-pom.xml"));
    assertThat(reducedPom).doesNotContain("<groupId>com.fasterxml.jackson.core</groupId>");
  }
}
