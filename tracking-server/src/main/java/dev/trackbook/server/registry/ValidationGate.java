package dev.trackbook.server.registry;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.Tag;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's promotion rule: the configured aliases (e.g. {@code champion}) may only point at a
 * version that {@code trackbook validate} marked as passed. The validate command records its result
 * as model version tags ({@link #STATUS}, {@link #DETAIL}, {@link #AT}); this gate reads them when
 * an alias is set.
 */
public final class ValidationGate {
  /** {@code passed} or {@code failed}. */
  public static final String STATUS = "trackbook.validation.status";

  /** A human-readable account of the checks, e.g. which one failed. */
  public static final String DETAIL = "trackbook.validation.detail";

  /** When validation ran, ISO-8601 UTC. */
  public static final String AT = "trackbook.validation.at";

  public static final String PASSED = "passed";

  private final Set<String> gated;

  /** Gates {@code aliases}, matched case-insensitively; an empty set gates nothing. */
  public ValidationGate(Set<String> aliases) {
    this.gated =
        aliases == null
            ? Set.of()
            : aliases.stream()
                .map(a -> a.trim().toLowerCase(Locale.ROOT))
                .filter(a -> !a.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether setting {@code alias} needs a validated version. */
  public boolean gates(String alias) {
    return alias != null && gated.contains(alias.toLowerCase(Locale.ROOT));
  }

  /**
   * Refuses {@code alias -> version} unless the version passed validation.
   *
   * @throws TrackingException INVALID_STATE (HTTP 400) naming the alias, the version and its status
   */
  public void check(String alias, ModelVersion version) {
    if (!gates(alias)) {
      return;
    }
    String status =
        version.tags().stream()
            .filter(t -> t.key().equals(STATUS))
            .map(Tag::value)
            .findFirst()
            .orElse(null);
    if (PASSED.equals(status)) {
      return;
    }
    throw new TrackingException(
        ErrorCode.INVALID_STATE,
        "Alias '"
            + alias
            + "' requires a validated model version, but version "
            + version.version()
            + " of '"
            + version.name()
            + "' "
            + (status == null
                ? "has not been validated"
                : "has " + STATUS + "=" + status + " (not " + PASSED + ")")
            + ". Run `trackbook validate` on it first; this server was started with"
            + " --require-validation.");
  }
}
