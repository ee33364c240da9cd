package dev.trackbook.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, run from Debian's binaries ({@code
 * /usr/lib/postgresql/<v>/bin}, installed by {@code scripts/setup-test-env}). One throw-away
 * cluster per JVM, started on first use on a free loopback port and stopped by a shutdown hook;
 * each test class (or method) asks for its own empty database with {@link #createDatabase()}.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root the cluster's files belong to
 * the {@code postgres} user and every server command runs through {@code runuser -u postgres --}.
 */
public final class EmbeddedPostgres {
  private static final String USER = "trackbook";
  private static final Path PG_ROOT = Path.of("/usr/lib/postgresql");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres instance;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private EmbeddedPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The JVM's cluster, started on first call. */
  public static synchronized EmbeddedPostgres get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  /**
   * Creates an empty database and returns its store URI, {@code
   * postgresql://trackbook@127.0.0.1:<port>/<name>} (trust authentication, no password).
   */
  public static String createDatabase() {
    return get().newDatabase();
  }

  /** The loopback port the cluster listens on. */
  public int port() {
    return port;
  }

  /** A JDBC URL of database {@code name} with user and no password. */
  public String jdbcUrl(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
  }

  private String newDatabase() {
    String name =
        "trackbook_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name); // our own generated name, not user input
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + name;
  }

  private static EmbeddedPostgres start() {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("trackbook-pg-");
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      int port = freePort();
      EmbeddedPostgres pg = new EmbeddedPostgres(bin, dir, port, root);
      pg.run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-U",
              USER,
              "--auth=trust",
              "--encoding=UTF8",
              "--no-locale",
              "--no-sync"),
          120);
      // fsync off: a test cluster need not survive a power cut, and it is much faster
      pg.run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-l",
              dir.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p "
                  + port
                  + " -h 127.0.0.1 -k "
                  + dir
                  + " -c fsync=off"
                  + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
              "start"),
          90);
      Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "embedded-postgres-stop"));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set up the embedded PostgreSQL cluster", e);
    }
  }

  private void stop() {
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "stop"),
          30);
    } catch (RuntimeException e) {
      System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private void run(List<String> command, int timeoutSeconds) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process p =
          new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
      // pg_ctl start leaves the server running with our stdout closed; read what it printed so far
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Timed out: " + String.join(" ", full));
      }
      if (p.exitValue() != 0) {
        String log = "";
        Path serverLog = dir.resolve("server.log");
        if (Files.isReadable(serverLog)) {
          log = "\nserver.log:\n" + Files.readString(serverLog);
        }
        throw new IllegalStateException(
            "Failed (exit "
                + p.exitValue()
                + "): "
                + String.join(" ", full)
                + "\n"
                + new String(out, StandardCharsets.UTF_8)
                + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + full.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
    }
  }

  private static Path findBinaries() {
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(PG_ROOT)) {
      try (Stream<Path> versions = Files.list(PG_ROOT)) {
        versions
            .map(v -> v.resolve("bin"))
            .filter(
                b ->
                    Files.isExecutable(b.resolve("initdb"))
                        && Files.isExecutable(b.resolve("pg_ctl")))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException(
          "PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin"
              + " (initdb, pg_ctl): run scripts/setup-test-env");
    }
    candidates.sort(Comparator.comparingInt(EmbeddedPostgres::majorVersion));
    return candidates.get(candidates.size() - 1);
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
