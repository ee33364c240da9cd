package dev.trackbook.kernel.dependencies;

import java.io.IOException;
import java.io.InputStream;
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
 * providers" notice and silence. One instance per kernel: once a backend (the notebook's or ours)
 * is on the class path, later additions are not inspected again.
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

  private boolean settled;

  /**
   * Whether the kernel's provider should come along with {@code added}: they bring slf4j-api and
   * neither they nor {@code before} (the notebook's class path so far) provide a backend.
   */
  public synchronized boolean needsProvider(List<String> before, List<String> added) {
    if (settled || added.stream().noneMatch(e -> holds(e, API_CLASS))) {
      return false;
    }
    // Either way a backend is on the class path from now on: the notebook's, or ours.
    settled = true;
    return Stream.concat(before.stream(), added.stream()).noneMatch(e -> holds(e, PROVIDERS));
  }

  /**
   * {@code added}, and the provider jar after them when {@link #needsProvider} says so: what the
   * kernel and a pipeline put on the notebook's class path for a {@code %maven} or {@code
   * %classpath}.
   */
  public List<String> withProvider(List<String> before, List<String> added) {
    List<String> all = new java.util.ArrayList<>(added);
    if (needsProvider(before, added)) {
      providerJar().ifPresent(jar -> all.add(jar.toString()));
    }
    return all;
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

  /**
   * The provider jar, written from the kernel jar to a temp file once per kernel process; empty
   * (with the reason on stderr) when that fails, since logging must never cost the notebook its
   * jars.
   */
  public static synchronized Optional<Path> providerJar() {
    if (extracted == null) {
      try (InputStream in = NotebookLogging.class.getResourceAsStream(JAR_RESOURCE)) {
        if (in == null) {
          throw new IOException("the kernel jar lacks " + JAR_RESOURCE);
        }
        Path jar = Files.createTempFile("trackbook-notebook-logging-", ".jar");
        jar.toFile().deleteOnExit();
        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        extracted = jar;
      } catch (IOException e) {
        System.err.println("trackbook: library logging stays off: " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(extracted);
  }
}
