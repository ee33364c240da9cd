package dev.trackbook.kernel.dependencies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Whether jars added to a notebook need the kernel's SLF4J provider (module notebook-logging): they
 * bring slf4j-api 2 and nothing on the notebook's class path provides a logging backend. The
 * provider then shows library warnings in the cell's stderr instead of SLF4J's three-line "no
 * providers" warning and silence.
 */
public final class NotebookLogging {
  // Built at run time: the kernel jar's shade plugin rewrites "org.slf4j" constants to its own
  // relocated copy, and these names must stay the notebook's.
  private static final String SLF4J = String.join(".", "org", "slf4j");
  private static final String API_CLASS =
      SLF4J.replace('.', '/') + "/spi/SLF4JServiceProvider.class";
  private static final String PROVIDERS =
      "META-INF/services/" + SLF4J + ".spi.SLF4JServiceProvider";
  private static final String JAR_RESOURCE = "/META-INF/trackbook/notebook-logging.jar";

  private static Path extracted;

  private NotebookLogging() {}

  /**
   * The provider jar to add along with {@code added}, if they bring slf4j-api and neither they nor
   * {@code before} (what the notebook's class path already holds) provide a backend.
   */
  public static Optional<Path> providerFor(List<String> before, List<String> added) {
    if (added.stream().noneMatch(e -> holds(e, API_CLASS))
        || Stream.concat(before.stream(), added.stream()).anyMatch(e -> holds(e, PROVIDERS))) {
      return Optional.empty();
    }
    return Optional.of(providerJar());
  }

  private static boolean holds(String classpathEntry, String name) {
    Path p = Path.of(classpathEntry);
    if (Files.isDirectory(p)) {
      return Files.exists(p.resolve(name));
    }
    if (!Files.isRegularFile(p)) {
      return false;
    }
    try (JarFile jar = new JarFile(p.toFile())) {
      return jar.getEntry(name) != null;
    } catch (IOException e) {
      return false; // not a jar: nothing SLF4J could load from it either
    }
  }

  /** The kernel's copy of the provider jar, written to a temp file once per kernel. */
  private static synchronized Path providerJar() {
    if (extracted == null) {
      try (InputStream in = NotebookLogging.class.getResourceAsStream(JAR_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the kernel jar lacks " + JAR_RESOURCE);
        }
        Path jar = Files.createTempFile("trackbook-notebook-logging-", ".jar");
        jar.toFile().deleteOnExit();
        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        extracted = jar;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the notebook logging jar", e);
      }
    }
    return extracted;
  }
}
