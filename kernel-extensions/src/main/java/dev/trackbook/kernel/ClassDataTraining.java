package dev.trackbook.kernel;

import java.io.IOException;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * A short kernel session that {@link dev.trackbook.kernel.install.KernelInstaller} runs once at
 * install time under {@code -XX:ArchiveClassesAtExit}: the classes it loads (JShell and javac, the
 * Jupyter protocol, the kernel, the installed extensions) go into a class-data archive that every
 * later kernel start maps instead of reading, parsing and verifying them again. It binds its
 * channels on free loopback ports, talks to no one, writes only under its working directory (a
 * file:// Maven repository for {@code %maven}) and logs nothing anywhere but its own stdout.
 *
 * <p>The cells cover what most notebook cells make javac and JShell do: declarations, imports,
 * expressions with a displayed value, an image, printing, a runtime error and a compile error. An
 * extension adds its own cells as a class-path resource {@value #EXTENSION_CELLS} (one cell per
 * line; lines starting with {@code #} are comments), so its classes are in the archive too. Errors
 * of any cell are expected and ignored: loading the classes is the point.
 */
public final class ClassDataTraining {

  /** Where an extension jar lists its training cells. */
  public static final String EXTENSION_CELLS = "META-INF/trackbook/class-data-training.txt";

  static final List<String> CELLS =
      List.of(
          "int x = 1;",
          "import java.util.*;",
          "var names = new ArrayList<String>(List.of(\"b\", \"a\"));",
          "Collections.sort(names); names",
          "String greet(String who) { return \"hello \" + who; }",
          "record Point(double x, double y) {}",
          "new Point(1, 2)",
          "System.out.println(greet(\"notebook\"));",
          "for (int i = 0; i < 3; i++) { x += i; }\nx * 2.5",
          "java.util.stream.IntStream.range(0, 10).map(i -> i * i).sum()",
          // a chart's drawing: shapes and antialiased text on an image, shown as PNG
          "var img = new java.awt.image.BufferedImage(64, 32,"
              + " java.awt.image.BufferedImage.TYPE_INT_ARGB);\n"
              + "var g = img.createGraphics();\n"
              + "g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING,"
              + " java.awt.RenderingHints.VALUE_ANTIALIAS_ON);\n"
              + "g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,"
              + " java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);\n"
              + "g.setStroke(new java.awt.BasicStroke(1.5f));\n"
              + "g.draw(new java.awt.geom.Line2D.Double(0, 30, 60, 2));\n"
              + "g.fill(new java.awt.geom.Ellipse2D.Double(28, 12, 6, 6));\n"
              + "g.drawString(\"loss\", 2, 12);\n"
              + "g.dispose();",
          "img",
          // %maven against a repository made here: the resolver's classes, no network
          "%maven trackbook.training:app:1.0",
          "Integer.parseInt(\"not a number\")",
          "undefinedName + 1");

  private ClassDataTraining() {}

  public static void main(String[] args) throws Exception {
    TrackbookKernel.quietLogging(); // as the kernel's main: the same logging classes
    int[] ports = dev.trackbook.kernel.install.LoopbackPorts.free(5);
    KernelConnectionProperties properties =
        new KernelConnectionProperties(
            "127.0.0.1",
            ports[0],
            ports[1],
            ports[2],
            ports[3],
            ports[4],
            "tcp",
            "hmac-sha256",
            "class-data-training");
    java.nio.file.Path maven = java.nio.file.Path.of("maven").toAbsolutePath();
    publishTrainingArtifacts(maven.resolve("remote"));
    TrackbookKernel kernel =
        TrackbookKernel.builder()
            .mavenResolver(
                new dev.trackbook.kernel.dependencies.MavenResolver(
                    maven.resolve("local"), List.of(maven.resolve("remote").toUri().toString())))
            .build();
    JupyterConnection connection = new FastShellConnection(properties, kernel::shownTraceback);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    kernel.onStartup();
    List<String> cells = new java.util.ArrayList<>(CELLS);
    cells.addAll(extensionCells());
    for (String cell : cells) {
      try {
        kernel.eval(cell);
      } catch (RuntimeException expected) {
        // the error cells: their formatting is part of what a kernel loads
        kernel.formatError(expected);
      }
    }
    kernel.complete("names.so", "names.so".length());
    kernel.inspect("names.size()", 7, false);
    kernel.isComplete("int y =");
    kernel.onShutdown(false);
    connection.close();
    System.exit(0); // the archive is written as the JVM exits
  }

  /**
   * {@code trackbook.training:app:1.0} depending on {@code trackbook.training:lib:1.0}, each an
   * empty jar and a pom, in a file:// repository, so {@code %maven} resolves a graph offline.
   */
  private static void publishTrainingArtifacts(java.nio.file.Path repo) throws IOException {
    String[][] artifacts = {
      {
        "app",
        "<dependencies><dependency><groupId>trackbook.training</groupId>"
            + "<artifactId>lib</artifactId><version>1.0</version></dependency></dependencies>"
      },
      {"lib", ""}
    };
    for (String[] a : artifacts) {
      java.nio.file.Path dir =
          java.nio.file.Files.createDirectories(
              repo.resolve("trackbook/training/" + a[0] + "/1.0"));
      try (var jar =
          new java.util.jar.JarOutputStream(
              java.nio.file.Files.newOutputStream(dir.resolve(a[0] + "-1.0.jar")),
              new java.util.jar.Manifest())) {
        // an empty jar is a valid artifact
      }
      java.nio.file.Files.writeString(
          dir.resolve(a[0] + "-1.0.pom"),
          "<project><modelVersion>4.0.0</modelVersion><groupId>trackbook.training</groupId>"
              + "<artifactId>"
              + a[0]
              + "</artifactId><version>1.0</version>"
              + a[1]
              + "</project>");
    }
  }

  private static List<String> extensionCells() throws IOException {
    List<String> cells = new java.util.ArrayList<>();
    java.util.Enumeration<java.net.URL> lists =
        ClassDataTraining.class.getClassLoader().getResources(EXTENSION_CELLS);
    while (lists.hasMoreElements()) {
      try (java.io.InputStream in = lists.nextElement().openStream()) {
        for (String line :
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            cells.add(line.strip());
          }
        }
      }
    }
    return cells;
  }
}
