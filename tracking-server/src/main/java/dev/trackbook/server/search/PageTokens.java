package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque page tokens: base64url of {@code {"offset":N,"query":"<fingerprint>"}}. The fingerprint
 * hashes the offset together with everything that defines the result list (kind, experiment ids,
 * filter, view, order, ...), so a token is rejected with INVALID_PARAMETER_VALUE when it was edited
 * or is replayed with another query, instead of silently returning the wrong page.
 */
public final class PageTokens {
  private static final Pattern TOKEN =
      Pattern.compile("\\{\"offset\":(\\d{1,18}),\"query\":\"([0-9a-f]{32})\"}");

  private static final Pattern AFTER_TOKEN =
      Pattern.compile(
          "\\{\"after\":\"(-?\\d{1,19}(?::-?\\d{1,19}){0,7})\",\"query\":\"([0-9a-f]{32})\"}");

  private PageTokens() {}

  /** A token for the page starting at {@code offset} of the query defined by {@code queryParts}. */
  public static String encode(long offset, Object... queryParts) {
    String json =
        "{\"offset\":" + offset + ",\"query\":\"" + fingerprint(offset, queryParts) + "\"}";
    return encodeJson(json);
  }

  /**
   * The offset a token points at; 0 for a null or empty token.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE if the token is malformed, edited, or was
   *     issued for another query
   */
  public static long decode(String token, Object... queryParts) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    Matcher m = TOKEN.matcher(decodeJson(token));
    if (!m.matches()) {
      throw malformed();
    }
    long offset = Long.parseLong(m.group(1));
    if (!m.group(2).equals(fingerprint(offset, queryParts))) {
      throw TrackingException.invalid(
          "Invalid page_token: it was altered or belongs to a different query; pass the same"
              + " filter, order, view and ids as the request that returned it");
    }
    return offset;
  }

  /**
   * A token for the page after {@code position} (keyset paging: the next page starts after the last
   * row returned, so reading page N does not skip N pages of rows as an offset would). The position
   * is a colon-separated list of integers, e.g. the sort key of that last row.
   */
  public static String encodeAfter(long[] position, Object... queryParts) {
    StringBuilder text = new StringBuilder();
    for (long p : position) {
      text.append(text.length() == 0 ? "" : ":").append(p);
    }
    String json =
        "{\"after\":\""
            + text
            + "\",\"query\":\""
            + fingerprint(text.toString(), queryParts)
            + "\"}";
    return encodeJson(json);
  }

  /**
   * The position an {@link #encodeAfter} token carries; null for a null or empty token.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE if the token is malformed, edited, has
   *     another length than {@code size}, or was issued for another query
   */
  public static long[] decodeAfter(String token, int size, Object... queryParts) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    Matcher m = AFTER_TOKEN.matcher(decodeJson(token));
    if (!m.matches()) {
      throw malformed();
    }
    String[] parts = m.group(1).split(":");
    if (parts.length != size) {
      throw malformed();
    }
    if (!m.group(2).equals(fingerprint(m.group(1), queryParts))) {
      throw TrackingException.invalid(
          "Invalid page_token: it was altered or belongs to a different query; pass the same"
              + " ids and key as the request that returned it");
    }
    long[] position = new long[size];
    try {
      for (int i = 0; i < size; i++) {
        position[i] = Long.parseLong(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw malformed();
    }
    return position;
  }

  private static String encodeJson(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeJson(String token) {
    try {
      // accept both base64 alphabets, with or without padding
      String normalized = token.trim().replace('+', '-').replace('/', '_').replace("=", "");
      return new String(Base64.getUrlDecoder().decode(normalized), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static TrackingException malformed() {
    return TrackingException.invalid("Invalid page_token: it is not a token issued by this server");
  }

  private static String fingerprint(long offset, Object... parts) {
    return digest("trackbook-page-token-v1", Long.toString(offset), parts);
  }

  private static String fingerprint(String position, Object... parts) {
    return digest("trackbook-page-token-after-v1", position, parts);
  }

  private static String digest(String version, String position, Object[] parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, version);
      update(sha, position);
      for (Object part : parts) {
        if (part instanceof List<?> list) {
          update(sha, "list:" + list.size());
          list.forEach(item -> update(sha, String.valueOf(item)));
        } else {
          update(sha, String.valueOf(part));
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  // length-prefixed so ("ab","c") and ("a","bc") hash differently
  private static void update(MessageDigest sha, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }
}
