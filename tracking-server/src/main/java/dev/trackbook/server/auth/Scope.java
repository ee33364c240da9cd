package dev.trackbook.server.auth;

import dev.trackbook.server.error.TrackingException;
import java.util.Locale;

/**
 * What a token may do. Scopes nest: {@code admin} includes {@code write}, which includes {@code
 * read}. Which scope each endpoint needs is {@link AccessPolicy}'s decision.
 */
public enum Scope {
  /** GET endpoints, searches, metric histories, artifact downloads. */
  READ,
  /** Everything a tracking client does: create and update runs and experiments, log, upload. */
  WRITE,
  /** Token management, irreversible deletes, and any endpoint no rule names. */
  ADMIN;

  /** Whether a token of this scope may call an endpoint that requires {@code required}. */
  public boolean grants(Scope required) {
    return compareTo(required) >= 0;
  }

  /** The name on the wire and in the database: {@code read}, {@code write}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name (case-insensitive).
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE for anything else
   */
  public static Scope parse(String value) {
    if (value != null) {
      for (Scope s : values()) {
        if (s.wireName().equalsIgnoreCase(value.trim())) {
          return s;
        }
      }
    }
    throw TrackingException.invalid(
        "Invalid token scope '" + value + "': use read, write or admin.");
  }
}
