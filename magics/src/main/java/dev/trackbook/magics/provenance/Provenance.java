package dev.trackbook.magics.provenance;

import dev.trackbook.client.RunSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Where a notebook run came from, as run tags: the notebook, git commit and dirty flag, JDK, OS,
 * user, host and the Maven artifacts on the classpath. MLflow's system tag names are used where
 * MLflow has one (mlflow/utils/ mlflow_tags.py: {@code mlflow.source.name}, {@code
 * mlflow.source.type}, {@code mlflow.source.git.commit}, {@code mlflow.user}); {@code trackbook.*}
 * otherwise. A fact that cannot be found (no git, no notebook name) gives no tag.
 */
public final class Provenance {

  public static final String SOURCE_NAME = RunSource.SOURCE_NAME;
  public static final String SOURCE_TYPE = RunSource.SOURCE_TYPE;
  public static final String GIT_COMMIT = "mlflow.source.git.commit";
  public static final String GIT_REPO_URL = "mlflow.source.git.repoURL";
  public static final String USER = "mlflow.user";
  public static final String GIT_DIRTY = "trackbook.git.dirty";
  public static final String JDK = "trackbook.jdk";
  public static final String OS = "trackbook.os";
  public static final String HOST = "trackbook.host";
  public static final String MAVEN_CLASSPATH = "trackbook.classpath.maven";

  // MLflow's limit on a tag value (mlflow/utils/validation.py, MAX_TAG_VAL_LENGTH).
  private static final int MAX_TAG_VALUE = 8000;
  private static final long GIT_TIMEOUT_SECONDS = 5;

  private Provenance() {}

  /**
   * The provenance tags of a run started now from a notebook.
   *
   * @param workingDir the notebook's directory (the kernel's working directory), where git is asked
   * @param env the process environment
   * @param classpath the classpath the notebook's code sees, entries separated by {@link
   *     File#pathSeparator}
   */
  public static Map<String, String> tags(
      Path workingDir, Map<String, String> env, String classpath) {
    // The client tags runs without a parent with these too; a nested run gets them here.
    Map<String, String> tags = new LinkedHashMap<>(RunSource.tags(env));
    git(workingDir, "rev-parse", "HEAD").ifPresent(commit -> tags.put(GIT_COMMIT, commit));
    if (tags.containsKey(GIT_COMMIT)) {
      git(workingDir, "status", "--porcelain", "--untracked-files=no")
          .ifPresent(status -> tags.put(GIT_DIRTY, Boolean.toString(!status.isEmpty())));
      git(workingDir, "config", "--get", "remote.origin.url")
          .filter(url -> !url.isEmpty())
          .ifPresent(url -> tags.put(GIT_REPO_URL, url));
    }
    tags.put(USER, System.getProperty("user.name", ""));
    host().ifPresent(h -> tags.put(HOST, h));
    tags.put(
        JDK,
        System.getProperty("java.vendor", "")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version", "")));
    tags.put(
        OS,
        System.getProperty("os.name", "")
            + " "
            + System.getProperty("os.version", "")
            + " "
            + System.getProperty("os.arch", ""));
    List<String> coordinates = mavenCoordinates(classpath);
    if (!coordinates.isEmpty()) {
      tags.put(MAVEN_CLASSPATH, fit(coordinates));
    }
    tags.values().removeIf(String::isBlank);
    return tags;
  }

  /**
   * The Maven coordinates ({@code group:artifact:version}) of the jars on {@code classpath}: read
   * from the jar's {@code META-INF/maven/.../pom.properties}, else from a local-repository path
   * ({@code .../repository/g/r/o/u/p/artifact/version/artifact-version.jar}). Other entries are
   * skipped.
   */
  public static List<String> mavenCoordinates(String classpath) {
    Set<String> coordinates = new LinkedHashSet<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      Path jar = Path.of(entry);
      String fromPath = fromRepositoryPath(jar);
      if (fromPath != null) {
        coordinates.add(fromPath);
      } else if (Files.isRegularFile(jar)) {
        coordinates.addAll(fromPomProperties(jar));
      }
    }
    return new ArrayList<>(coordinates);
  }

  private static String fromRepositoryPath(Path jar) {
    Path version = jar.getParent();
    Path artifact = version == null ? null : version.getParent();
    if (artifact == null || artifact.getParent() == null) {
      return null;
    }
    String fileName = jar.getFileName().toString();
    String a = artifact.getFileName().toString();
    String v = version.getFileName().toString();
    if (!fileName.startsWith(a + "-" + v)) {
      return null;
    }
    String path = artifact.getParent().toString().replace(File.separatorChar, '/');
    int repo = path.lastIndexOf("/repository/");
    if (repo < 0) {
      return null;
    }
    String group = path.substring(repo + "/repository/".length()).replace('/', '.');
    return group.isEmpty() ? null : group + ":" + a + ":" + v;
  }

  private static List<String> fromPomProperties(Path jar) {
    List<String> found = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (ZipEntry e : file.stream().toList()) {
        if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = file.getInputStream(e)) {
            p.load(in);
          }
          String g = p.getProperty("groupId");
          String a = p.getProperty("artifactId");
          String v = p.getProperty("version");
          if (g != null && a != null && v != null) {
            found.add(g + ":" + a + ":" + v);
          }
        }
      }
    } catch (IOException e) {
      // An unreadable jar contributes no coordinates; provenance never fails a cell.
    }
    return found;
  }

  /** Joins coordinates with commas, cut at MLflow's tag limit with a count of what was left out. */
  private static String fit(List<String> coordinates) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < coordinates.size(); i++) {
      String next = (i == 0 ? "" : ",") + coordinates.get(i);
      String more = ",... (" + (coordinates.size() - i) + " more)";
      if (sb.length() + next.length() + more.length() > MAX_TAG_VALUE) {
        return sb.append(more).toString();
      }
      sb.append(next);
    }
    return sb.toString();
  }

  private static Optional<String> host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return Optional.of(env);
    }
    try {
      return Optional.of(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs git in {@code dir}; empty when git is missing, fails, or {@code dir} is not in a
   * repository.
   */
  static Optional<String> git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0
          ? Optional.of(new String(out, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
