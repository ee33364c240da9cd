package dev.trackbook.kernel.dependencies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote repositories a notebook added with {@code %addMavenRepo}, which its later {@code
 * %maven} lines search; one per id, the latest URL for an id winning, as a pom has one repository
 * per id. Thread-safe: %maven may read while another cell's magic adds.
 */
public final class AddedRepositories {

  private final Map<String, MavenResolver.Repository> byId = new LinkedHashMap<>();

  /**
   * Reads {@code ID URL} as {@code %addMavenRepo} takes them; a pipeline's converter reads them the
   * same way.
   *
   * @param magic the name the notebook calls it by, which the message starts with
   * @throws IllegalArgumentException with a one-line message for anything but an id and an http(s)
   *     or file URL
   */
  public static MavenResolver.Repository parse(String magic, List<String> args) {
    if (args.size() != 2) {
      throw new IllegalArgumentException(
          magic
              + ": expected ID URL"
              + (args.isEmpty() ? "" : ", got '" + String.join(" ", args) + "'"));
    }
    String url = args.get(1);
    // Maven's resolver knows no other transports; a typo found here beats one at the next %maven.
    if (!url.matches("(?i)(https?|file):/.+")) {
      throw new IllegalArgumentException(
          magic + ": expected an http://, https:// or file:// URL, got '" + url + "'");
    }
    return new MavenResolver.Repository(args.get(0), url);
  }

  /** Adds {@code repository}, or replaces the URL of the one with its id. */
  public synchronized void add(MavenResolver.Repository repository) {
    byId.put(repository.id(), repository);
  }

  /** The repositories, in the order their ids were first added. */
  public synchronized List<MavenResolver.Repository> list() {
    return List.copyOf(byId.values());
  }
}
