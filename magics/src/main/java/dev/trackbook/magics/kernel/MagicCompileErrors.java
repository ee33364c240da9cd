package dev.trackbook.magics.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * A magic's Java that does not compile, said in one line: javac's complaint about the code the
 * magic wrote ({@code %log_model m} without a {@code model} variable), or what library the magic
 * needs when its package is missing ({@code %dataset} before the tracking-data jar was added).
 */
final class MagicCompileErrors {

  // The kernel's compile error, named so that the magics also load in kernels without it.
  private static final String COMPILE_ERROR =
      "dev.trackbook.kernel.CellException$CompilationException";

  private static final Map<String, String> LIBRARIES =
      Map.of(
          "dev.trackbook.data", "tracking-data",
          "dev.trackbook.djl", "tracking-djl");

  private MagicCompileErrors() {}

  /** The one line for {@code thrown}, or null when it is not a compile error of the kernel. */
  static String oneLine(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals(COMPILE_ERROR) && t.getMessage() != null) {
        return describe(t.getMessage());
      }
    }
    return null;
  }

  static String describe(String javacMessage) {
    String[] lines = javacMessage.replaceFirst("^line \\d+: ", "").split("\n");
    for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
      if (lines[0].contains("package " + library.getKey())) {
        return "needs Trackbook's "
            + library.getValue()
            + " library: add it first with %maven dev.trackbook:"
            + library.getValue()
            + ":"
            + version();
      }
    }
    StringBuilder why = new StringBuilder(lines[0].strip());
    for (int i = 1; i < lines.length; i++) {
      String detail = lines[i].strip();
      if (detail.startsWith("symbol:")) {
        why.append(" (").append(detail.replaceAll("\\s+", " ")).append(')');
      }
    }
    return why.toString();
  }

  /** This Trackbook's version, which its libraries share; from the magics jar's Maven metadata. */
  private static String version() {
    try (InputStream in =
        MagicCompileErrors.class.getResourceAsStream(
            "/META-INF/maven/dev.trackbook/magics/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "VERSION");
      }
    } catch (IOException e) {
      // fall through: the placeholder says what goes there
    }
    return "VERSION";
  }
}
