package dev.trackbook.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.SqlDialect;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * Opens a {@link TrackingStore} from a store URI, migrating the schema to the current version and
 * making sure the Default experiment "0" exists.
 *
 * <p>Accepted URIs:
 *
 * <ul>
 *   <li>{@code sqlite:PATH} — a file path, relative to the working directory or absolute; parent
 *       directories are created. Also {@code jdbc:sqlite:PATH} and MLflow/SQLAlchemy's {@code
 *       sqlite:///relative.db} and {@code sqlite:////absolute/path.db}.
 *   <li>{@code postgresql://user:password@host:port/database} (also {@code postgres://} and {@code
 *       postgresql+psycopg2://}); user and password are URL-decoded. Also {@code
 *       jdbc:postgresql://host:port/db?user=...&password=...}.
 * </ul>
 */
public final class StoreFactory {
  /** How long a PostgreSQL statement may take unless the store URI says otherwise. */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  private StoreFactory() {}

  /**
   * Opens the store at {@code uri} with the system clock.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE for a URI we do not understand,
   *     TEMPORARILY_UNAVAILABLE if the database cannot be reached or migrated
   */
  public static TrackingStore open(String uri) {
    return open(uri, Clock.systemUTC());
  }

  /**
   * Opens the store at {@code uri} only if it is there: a SQLite file that does not exist is an
   * error instead of a new, empty store (what reads a store, e.g. {@code token list}, must not make
   * one out of a mistyped path).
   *
   * @throws TrackingException RESOURCE_DOES_NOT_EXIST for a missing SQLite file, else as {@link
   *     #open(String)}
   */
  public static TrackingStore openExisting(String uri) {
    Location location = parse(uri);
    if (location.sqliteFile() != null && !Files.isRegularFile(location.sqliteFile())) {
      throw new TrackingException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST, "No SQLite store at " + location.sqliteFile());
    }
    return open(location, Clock.systemUTC());
  }

  /** Opens the store at {@code uri}; {@code clock} stamps creation and update times. */
  public static TrackingStore open(String uri, Clock clock) {
    return open(parse(uri), clock);
  }

  private static TrackingStore open(Location location, Clock clock) {
    if (location.sqliteFile() != null && location.sqliteFile().getParent() != null) {
      try {
        Files.createDirectories(location.sqliteFile().getParent());
      } catch (IOException e) {
        throw new TrackingException(
            ErrorCode.TEMPORARILY_UNAVAILABLE,
            "Cannot create the directory of the SQLite store "
                + location.sqliteFile()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    HikariDataSource dataSource = dataSource(location);
    try {
      var flyway =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration/" + location.migrationFolder())
              .javaMigrations(new V8__MetricPointsIntoChunks())
              // Servers sharing a database wait for the one migrating it, however long that takes:
              // Flyway's own bound (50 tries of its lock, 1 s apart) failed the others' start.
              // It retries silently: MigrationWaitNotice logs the wait.
              .lockRetryCount(-1);
      if (location.dialect() == SqlDialect.POSTGRESQL) {
        // A migration rewrites whole tables (an index, V8's chunks): minutes on a large store.
        flyway.initSql("SET statement_timeout = 0");
      }
      try (MigrationWaitNotice notice = MigrationWaitNotice.start(location.display())) {
        flyway.callbacks(notice).load().migrate();
      }
      // The connections Flyway had keep its unbounded timeout: requests get fresh ones.
      dataSource.getHikariPoolMXBean().softEvictConnections();
      JdbcTrackingStore store = new JdbcTrackingStore(dataSource, location.dialect(), clock);
      store.ensureDefaultExperiment();
      return store;
    } catch (RuntimeException e) {
      dataSource.close();
      if (e instanceof TrackingException) {
        throw e;
      }
      throw new TrackingException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Cannot prepare the tracking database " + location.display() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Where a store URI points: the dialect, the JDBC URL and its connection properties; for SQLite
   * also the database file (null for PostgreSQL).
   */
  record Location(
      SqlDialect dialect, String jdbcUrl, Properties properties, String display, Path sqliteFile) {
    /** The SQL each new connection runs first, or null. */
    String connectionInitSql() {
      // SQLite: the store checkpoints the WAL in the background (JdbcTrackingStore), not in a
      // request
      return dialect == SqlDialect.SQLITE
          ? "PRAGMA wal_autocheckpoint=0"
          : statementTimeoutSql(jdbcUrl);
    }

    String migrationFolder() {
      return dialect == SqlDialect.SQLITE ? "sqlite" : "postgresql";
    }
  }

  static Location parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw TrackingException.invalid(
          "The store URI is empty; use sqlite:PATH or postgresql://...");
    }
    String u = uri.trim();
    if (u.startsWith("jdbc:sqlite:")) {
      return sqlite(u.substring("jdbc:sqlite:".length()), uri);
    }
    if (u.startsWith("sqlite:")) {
      String rest = u.substring("sqlite:".length());
      if (rest.startsWith("//")) {
        // SQLAlchemy form: sqlite:///relative.db, sqlite:////absolute.db (empty host).
        if (!rest.startsWith("///")) {
          throw TrackingException.invalid(
              "Invalid store URI '"
                  + uri
                  + "': use sqlite:PATH, sqlite:///relative or"
                  + " sqlite:////absolute");
        }
        rest = rest.substring(3);
      }
      return sqlite(rest, uri);
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return new Location(SqlDialect.POSTGRESQL, u, new Properties(), redact(u), null);
    }
    if (u.startsWith("postgresql://")
        || u.startsWith("postgres://")
        || u.startsWith("postgresql+")) {
      return postgres(u, uri);
    }
    throw TrackingException.invalid(
        "Unsupported store URI '"
            + redact(uri)
            + "': use sqlite:PATH or postgresql://user:password@host:port/database");
  }

  private static Location sqlite(String path, String uri) {
    if (path.isEmpty() || path.contains(":memory:") || path.startsWith("file:")) {
      throw TrackingException.invalid(
          "Invalid store URI '"
              + uri
              + "': a SQLite store needs a file path, e.g. sqlite:data/mlruns.db");
    }
    Path file = Path.of(path).toAbsolutePath().normalize();
    Properties props = new Properties();
    // WAL lets readers run beside the one writer; NORMAL is durable across app crashes in WAL mode.
    props.setProperty("journal_mode", "WAL");
    props.setProperty("synchronous", "NORMAL");
    // another process (a second server on the same file) holding the write lock: wait, don't fail
    props.setProperty("busy_timeout", "30000");
    props.setProperty("foreign_keys", "true");
    // take the write lock at BEGIN, so a transaction never has to upgrade a read lock (which fails
    // with SQLITE_BUSY at once instead of waiting)
    props.setProperty("transaction_mode", "IMMEDIATE");
    return new Location(SqlDialect.SQLITE, "jdbc:sqlite:" + file, props, "sqlite:" + file, file);
  }

  private static Location postgres(String u, String original) {
    URI parsed;
    try {
      parsed = new URI(u.replaceFirst("^[a-z0-9+]+://", "postgresql://"));
    } catch (URISyntaxException e) {
      throw TrackingException.invalid(
          "Invalid store URI '" + redact(original) + "': " + e.getReason());
    }
    if (parsed.getHost() == null || parsed.getPath() == null || parsed.getPath().length() < 2) {
      throw TrackingException.invalid(
          "Invalid store URI '"
              + redact(original)
              + "': expected postgresql://user:password@host:port/database");
    }
    Properties props = new Properties();
    String userInfo = parsed.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      props.setProperty("user", URLDecoder.decode(user, StandardCharsets.UTF_8));
      if (colon >= 0) {
        props.setProperty(
            "password", URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + parsed.getHost()
            + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "")
            + parsed.getRawPath()
            + (parsed.getRawQuery() != null ? "?" + parsed.getRawQuery() : "");
    return new Location(SqlDialect.POSTGRESQL, jdbc, props, redact(original), null);
  }

  /**
   * Bounds every statement at {@link #STATEMENT_TIMEOUT}: one that runs away, or waits on a lock a
   * stuck client holds, would otherwise keep its pool connection, and its request, forever. None
   * when the URL sets its own ({@code ?options=-c%20statement_timeout%3D...}).
   */
  private static String statementTimeoutSql(String jdbcUrl) {
    return jdbcUrl.contains("statement_timeout")
        ? null
        : "SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis();
  }

  private static String redact(String uri) {
    return uri.replaceAll("(://[^:/@]*:)[^@]*@", "$1***@").replaceAll("(password=)[^&]*", "$1***");
  }

  private static HikariDataSource dataSource(Location location) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(location.jdbcUrl());
    config.setDataSourceProperties(location.properties());
    config.setPoolName("trackbook-store");
    // SQLite: writes are serialized anyway, a few connections serve concurrent reads; the 2-core
    // machines we target gain nothing from more.
    config.setMaximumPoolSize(location.dialect() == SqlDialect.SQLITE ? 4 : 8);
    if (location.connectionInitSql() != null) {
      config.setConnectionInitSql(location.connectionInitSql());
    }
    config.setMinimumIdle(1);
    config.setConnectionTimeout(30_000);
    // fail at open with a clear message when PostgreSQL is unreachable instead of at first request
    config.setInitializationFailTimeout(3_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new TrackingException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Cannot connect to the tracking database " + location.display() + ": " + rootMessage(e),
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
