package dev.trackbook.kernel.dependencies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The remote repositories a notebook added with {@code %addMavenRepo}, which its later {@code
 * %maven} lines search; one per id, the latest URL for an id winning, as a pom has one repository
 * per id. Thread-safe: %maven may read while another cell's magic adds.
 */
public final class AddedRepositories {

  // An authority with an '@': user info, the credentials of a URL.
  private static final Pattern USER_INFO = Pattern.compile("^[^:/?#]+://[^/?#]*@");

  private final Map<String, MavenResolver.Repository> byId = new LinkedHashMap<>();

  /**
   * Reads {@code ID URL} as {@code %addMavenRepo} takes them; a pipeline's converter reads them the
   * same way.
   *
   * @param magic the name the notebook calls it by, which the message starts with
   * @throws IllegalArgumentException with a one-line message for anything but an id and an http(s)
   *     or file URL, or for a URL with user info ({@code https://user:token@host/})
   */
  public static MavenResolver.Repository parse(String magic, List<String> args) {
    if (args.size() != 2) {
      // Echoed unless a credential is among them (the line is saved with the notebook).
      boolean secret = args.stream().anyMatch(a -> USER_INFO.matcher(a).find());
      throw new IllegalArgumentException(
          magic
              + ": expected ID URL"
              + (args.isEmpty() || secret ? "" : ", got '" + String.join(" ", args) + "'"));
    }
    String id = args.get(0);
    String url = args.get(1);
    // The URL is printed in error lines saved in the .ipynb and written into the committed pipeline
    // header; so is the message, which therefore does not repeat it.
    if (USER_INFO.matcher(url).find()) {
      throw new IllegalArgumentException(
          magic
              + ": the URL holds credentials (user:token@), which would be saved with the notebook;"
              + " put them in a <server> with id "
              + id
              + " in ~/.m2/settings.xml");
    }
    // Maven's resolver knows no other transports; a typo found here beats one at the next %maven.
    if (!url.matches("(?i)(https?|file):/.+")) {
      throw new IllegalArgumentException(
          magic + ": expected an http://, https:// or file:// URL, got '" + url + "'");
    }
    return new MavenResolver.Repository(id, url);
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
