package dev.trackbook.server.artifacts;

import dev.trackbook.server.error.TrackingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a client-supplied artifact path stays relative to the artifact root. The rules follow
 * MLflow's {@code validate_path_is_safe} (mlflow/utils/uri.py) and are stricter where that is
 * cheap: no {@code ..} or {@code .} segment (also after one more URL-decoding, against doubly
 * encoded {@code %2e%2e}), no absolute or drive-letter path, no backslash, no NUL or other control
 * character.
 */
public final class ArtifactPaths {
  private ArtifactPaths() {}

  /**
   * Returns the path in canonical form: segments joined by single slashes, no leading or trailing
   * slash; "" for the root.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE naming the rule the path breaks
   */
  public static String normalize(String path) {
    if (path == null || path.isEmpty()) {
      return "";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(path, "it contains a control character");
      }
      if (c == '\\') {
        throw invalid(path, "it contains a backslash");
      }
    }
    if (path.startsWith("/")) {
      throw invalid(path, "it is absolute");
    }
    if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
      throw invalid(path, "it is absolute");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String decoded = decodeOnce(segment);
      if (segment.equals(".")
          || segment.equals("..")
          || decoded.equals(".")
          || decoded.equals("..")
          || decoded.contains("/")
          || decoded.contains("\\")) {
        throw invalid(path, "it contains a '.' or '..' segment");
      }
      segments.add(segment);
    }
    return String.join("/", segments);
  }

  /** Joins two relative, already normalized paths. */
  public static String join(String parent, String child) {
    if (parent.isEmpty()) {
      return child;
    }
    return child.isEmpty() ? parent : parent + "/" + child;
  }

  private static String decodeOnce(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return segment;
    }
  }

  private static TrackingException invalid(String path, String why) {
    return TrackingException.invalid(
        "Invalid artifact path '" + printable(path) + "': " + why + ".");
  }

  private static String printable(String path) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
  }
}
