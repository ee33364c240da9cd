package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/** Builds tiny jars and a file:// Maven repository holding one, for offline resolver tests. */
final class FakeMavenRepository {

  private FakeMavenRepository() {}

  /** A jar with one public class whose {@code toString()} returns its own name. */
  static Path jarWithClass(Path dir, String className) throws IOException {
    int dot = className.lastIndexOf('.');
    String pkg = className.substring(0, dot);
    String simple = className.substring(dot + 1);
    Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package "
            + pkg
            + "; public class "
            + simple
            + " { public String toString() { return \""
            + className
            + "\"; } }");
    Path classes = dir.resolve("classes");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), src.toString());
    assertThat(rc).isZero();
    Path jar = dir.resolve(simple.toLowerCase() + ".jar");
    String entry = className.replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out)) {
      jos.putNextEntry(new JarEntry(entry));
      jos.write(Files.readAllBytes(classes.resolve(entry)));
      jos.closeEntry();
    }
    return jar;
  }

  /** Compiles sources (relative path to text) into {@code dir/classes}; returns that directory. */
  static Path compile(Path dir, java.util.Map<String, String> sources) throws IOException {
    java.util.List<String> args = new java.util.ArrayList<>();
    Path classes = dir.resolve("classes");
    args.add("-d");
    args.add(classes.toString());
    for (var e : sources.entrySet()) {
      Path src = dir.resolve("src").resolve(e.getKey());
      Files.createDirectories(src.getParent());
      Files.writeString(src, e.getValue());
      args.add(src.toString());
    }
    int rc =
        ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
    assertThat(rc).isZero();
    return classes;
  }

  /**
   * Publishes each of {@code artifacts}, written {@code "g:a:v ClassName [g:a:v of a dependency
   * ...]"}, as {@link #publish} does.
   */
  static void publishAll(Path repo, String... artifacts) throws IOException {
    for (String spec : artifacts) {
      String[] words = spec.split(" ");
      String[] gav = words[0].split(":");
      publish(
          repo,
          gav[0],
          gav[1],
          gav[2],
          words[1],
          java.util.Arrays.copyOfRange(words, 2, words.length));
    }
  }

  /**
   * Publishes {@code g:a:v} (a jar with {@code className}, and its pom) under {@code repo}.
   *
   * @param dependencies {@code g:a:v} of compile dependencies the pom declares
   */
  static void publish(
      Path repo,
      String group,
      String artifact,
      String version,
      String className,
      String... dependencies)
      throws IOException {
    Path dir = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Path jar = jarWithClass(repo.resolveSibling("build-" + artifact + "-" + version), className);
    Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"));
    Files.writeString(
        dir.resolve(artifact + "-" + version + ".pom"),
        "<project><modelVersion>4.0.0</modelVersion><groupId>"
            + group
            + "</groupId><artifactId>"
            + artifact
            + "</artifactId><version>"
            + version
            + "</version>"
            + dependenciesXml(dependencies)
            + "</project>");
    // As a real repository serves them: without checksums the resolver warns on every download.
    for (String ext : new String[] {".jar", ".pom"}) {
      Path file = dir.resolve(artifact + "-" + version + ext);
      Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1(file));
    }
  }

  /**
   * Publishes a parent pom {@code g:a:v} declaring {@code dependencies}, and a jar {@code
   * childArtifact} (same group and version, one class) whose pom inherits them from it.
   */
  static void publishWithParent(
      Path repo,
      String group,
      String parent,
      String childArtifact,
      String version,
      String className,
      String... dependencies)
      throws IOException {
    publish(repo, group, childArtifact, version, className);
    Path childPom =
        repo.resolve(group.replace('.', '/'))
            .resolve(childArtifact)
            .resolve(version)
            .resolve(childArtifact + "-" + version + ".pom");
    String parentRef =
        "<parent><groupId>"
            + group
            + "</groupId><artifactId>"
            + parent
            + "</artifactId><version>"
            + version
            + "</version></parent>";
    Files.writeString(
        childPom, Files.readString(childPom).replace("<groupId>", parentRef + "<groupId>"));
    Files.writeString(childPom.resolveSibling(childPom.getFileName() + ".sha1"), sha1(childPom));
    Path dir = repo.resolve(group.replace('.', '/')).resolve(parent).resolve(version);
    Files.createDirectories(dir);
    Path pom = dir.resolve(parent + "-" + version + ".pom");
    Files.writeString(
        pom,
        "<project><modelVersion>4.0.0</modelVersion><groupId>"
            + group
            + "</groupId><artifactId>"
            + parent
            + "</artifactId><version>"
            + version
            + "</version><packaging>pom</packaging>"
            + dependenciesXml(dependencies)
            + "</project>");
    Files.writeString(pom.resolveSibling(pom.getFileName() + ".sha1"), sha1(pom));
  }

  /** Writes the artifact-level maven-metadata.xml that version ranges are resolved from. */
  static void publishVersionList(Path repo, String group, String artifact, String... versions)
      throws IOException {
    StringBuilder list = new StringBuilder();
    for (String v : versions) {
      list.append("<version>").append(v).append("</version>");
    }
    Path file =
        repo.resolve(group.replace('.', '/')).resolve(artifact).resolve("maven-metadata.xml");
    Files.writeString(
        file,
        "<metadata><groupId>"
            + group
            + "</groupId><artifactId>"
            + artifact
            + "</artifactId><versioning><versions>"
            + list
            + "</versions></versioning></metadata>");
    Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1(file));
  }

  private static String dependenciesXml(String... dependencies) {
    StringBuilder deps = new StringBuilder("<dependencies>");
    for (String d : dependencies) {
      String[] gav = d.split(":");
      deps.append("<dependency><groupId>")
          .append(gav[0])
          .append("</groupId><artifactId>")
          .append(gav[1])
          .append("</artifactId><version>")
          .append(gav[2])
          .append("</version></dependency>");
    }
    return deps.append("</dependencies>").toString();
  }

  private static String sha1(Path file) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
