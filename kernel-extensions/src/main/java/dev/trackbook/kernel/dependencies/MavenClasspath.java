package dev.trackbook.kernel.dependencies;

import dev.trackbook.kernel.TrackbookKernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * The Maven libraries of one notebook: what {@code %maven}, its IJava names and {@code
 * %%loadFromPOM} resolve and put on the class path. A library added earlier keeps its version: its
 * classes may be loaded, so a second version beside it would only fail later with
 * NoSuchMethodError; each call says which versions it left out.
 */
public final class MavenClasspath {

  private final MavenResolver resolver;
  private final AddedRepositories repositories;
  private final Map<String, String> versions = new HashMap<>(); // guarded by itself

  MavenClasspath(MavenResolver resolver, AddedRepositories repositories) {
    this.resolver = resolver;
    this.repositories = repositories;
  }

  /** The repositories the notebook added, which {@link #add} searches. */
  public AddedRepositories repositories() {
    return repositories;
  }

  /**
   * Resolves {@code coordinates} together (one graph, as one pom's dependencies) and adds the jars
   * whose libraries are not on the class path yet.
   *
   * @param magic the magic as the notebook calls it, which errors and notices start with
   * @return the jars added
   * @throws IllegalStateException as one line naming {@code magic}, when resolution fails or a file
   *     is no jar (then nothing is added)
   */
  List<String> add(BaseKernel kernel, String magic, List<String> coordinates) {
    List<MavenResolver.Jar> jars;
    try {
      jars = resolver.resolve(coordinates, repositories.list());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Shown as one line (TrackbookKernel.usageErrorAsOneLine): say which magic failed.
      throw new IllegalStateException(magic + ": " + e.getMessage(), e);
    }
    List<String> added = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    // Resolution above runs unlocked (an interrupted %maven may sit in a socket read for long);
    // checking the versions and adding the jars are one step, so two %maven running at once
    // cannot both add their own version of one library.
    synchronized (versions) {
      Map<String, MavenResolver.Jar> fresh = new LinkedHashMap<>();
      for (MavenResolver.Jar jar : jars) {
        String kept = versions.get(jar.key());
        if (kept == null) {
          fresh.putIfAbsent(jar.key(), jar);
        } else if (!kept.equals(jar.version())) {
          leftOut.add(jar.key() + ":" + jar.version() + " (" + kept + " is on the classpath)");
        }
      }
      fresh.values().forEach(jar -> added.add(jar.file().toAbsolutePath().toString()));
      try {
        TrackbookKernel.of(kernel).addToClasspath(added);
      } catch (IllegalArgumentException e) {
        // The local repository keeps such a file: only deleting it makes Maven download it again.
        throw new IllegalStateException(
            magic + ": " + e.getMessage() + "; delete it to download it again", e);
      }
      // Only now: a version refused above must not pass for one on the classpath.
      fresh.values().forEach(jar -> versions.put(jar.key(), jar.version()));
    }
    if (!leftOut.isEmpty()) {
      System.err.println(
          magic
              + ": kept the versions added earlier, left out "
              + String.join(", ", leftOut)
              + "; restart the kernel to change versions");
      System.err.flush();
    }
    return added;
  }
}
