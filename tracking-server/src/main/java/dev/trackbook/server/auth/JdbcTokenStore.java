package dev.trackbook.server.auth;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.store.JdbcTrackingStore;
import dev.trackbook.server.store.TrackingStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@link TokenStore} in the tracking database (table {@code api_tokens}, migration V5), for
 * SQLite and PostgreSQL alike. It shares the tracking store's connection pool; closing the tracking
 * store closes it.
 */
public final class JdbcTokenStore implements TokenStore {
  static final int MAX_NAME_LENGTH = 256;

  /**
   * last_used_time is written at most this often per token and server: a database write on every
   * request would make each read a write (and queue behind SQLite's single writer).
   */
  static final long LAST_USED_RESOLUTION_MS = 60_000;

  private static final String COLUMNS =
      "token_id, name, scope, created_time, last_used_time, revoked_time";

  private final DataSource dataSource;
  private final Clock clock;
  private final TokenSecrets secrets;
  private final Map<String, Long> lastUsedWritten = new ConcurrentHashMap<>();

  JdbcTokenStore(DataSource dataSource, Clock clock, SecureRandom random) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.secrets = new TokenSecrets(random);
  }

  /** The token store in the same database as {@code store} (opened by {@code StoreFactory}). */
  public static JdbcTokenStore on(TrackingStore store, Clock clock) {
    if (!(store instanceof JdbcTrackingStore jdbc)) {
      throw new IllegalArgumentException("tokens live in a JDBC tracking store's database");
    }
    return new JdbcTokenStore(jdbc.dataSource(), clock, new SecureRandom());
  }

  @Override
  public IssuedToken create(String name, Scope scope) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
      throw TrackingException.invalid(
          "A token needs a name of 1 to " + MAX_NAME_LENGTH + " characters.");
    }
    if (scope == null) {
      throw TrackingException.invalid("A token needs a scope: read, write or admin.");
    }
    String secret = secrets.newSecret();
    ApiToken token = new ApiToken(secrets.newId(), trimmed, scope, clock.millis(), null, null);
    update(
        "INSERT INTO api_tokens (token_id, name, scope, secret_sha256, created_time)"
            + " VALUES (?, ?, ?, ?, ?)",
        token.id(),
        token.name(),
        scope.wireName(),
        TokenSecrets.sha256Hex(secret),
        token.createdTime());
    return new IssuedToken(token, secret);
  }

  @Override
  public Optional<ApiToken> authenticate(String secret) {
    if (!TokenSecrets.wellFormed(secret)) {
      return Optional.empty();
    }
    String hash = TokenSecrets.sha256Hex(secret);
    ApiToken token;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + ", secret_sha256 FROM api_tokens WHERE secret_sha256 = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        // The index lookup compares hashes, which tells a timing observer nothing about the
        // secret; the constant-time check below is defence in depth.
        if (!rs.next() || !TokenSecrets.sameHash(hash, rs.getString("secret_sha256"))) {
          return Optional.empty();
        }
        token = token(rs);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    if (token.revoked()) {
      return Optional.empty();
    }
    return Optional.of(recordUse(token));
  }

  private ApiToken recordUse(ApiToken token) {
    long now = clock.millis();
    Long written = lastUsedWritten.get(token.id());
    if (written != null && now - written < LAST_USED_RESOLUTION_MS) {
      return token;
    }
    lastUsedWritten.put(token.id(), now);
    // Never back: another server on this database may have written a later use (its clock ahead,
    // or its request committed first), and this server's throttle above does not know of it.
    update(
        "UPDATE api_tokens SET last_used_time = ? WHERE token_id = ?"
            + " AND (last_used_time IS NULL OR last_used_time < ?)",
        now,
        token.id(),
        now);
    long lastUsed = token.lastUsedTime() == null ? now : Math.max(now, token.lastUsedTime());
    return new ApiToken(
        token.id(),
        token.name(),
        token.scope(),
        token.createdTime(),
        lastUsed,
        token.revokedTime());
  }

  @Override
  public List<ApiToken> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_time, token_id");
        ResultSet rs = ps.executeQuery()) {
      List<ApiToken> tokens = new ArrayList<>();
      while (rs.next()) {
        tokens.add(token(rs));
      }
      return tokens;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public ApiToken revoke(String id) {
    if (id == null || id.isBlank()) {
      throw TrackingException.invalid("Give the id of the token to revoke (see token list).");
    }
    update(
        "UPDATE api_tokens SET revoked_time = ? WHERE token_id = ? AND revoked_time IS NULL",
        clock.millis(),
        id);
    return find(id).orElseThrow(() -> TrackingException.notFound("No token with id '" + id + "'."));
  }

  private Optional<ApiToken> find(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE token_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(token(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private void update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getString("token_id"),
        rs.getString("name"),
        Scope.parse(rs.getString("scope")),
        rs.getLong("created_time"),
        nullableLong(rs, "last_used_time"),
        nullableLong(rs, "revoked_time"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static TrackingException unavailable(SQLException e) {
    return new TrackingException(
        ErrorCode.TEMPORARILY_UNAVAILABLE, "The token database is unavailable; try again.", e);
  }
}
