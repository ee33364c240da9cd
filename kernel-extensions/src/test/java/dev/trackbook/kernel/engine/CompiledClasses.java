package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/** Test classes compiled on the fly into a directory a test puts on an engine's class path. */
final class CompiledClasses {
  private CompiledClasses() {}

  /**
   * Compiles {@code source}, the whole compilation unit of class {@code qualifiedName}, under
   * {@code dir}.
   *
   * @return the class-path directory holding the class file
   */
  static Path compile(Path dir, String qualifiedName, String source) throws IOException {
    Path src = dir.resolve("src").resolve(qualifiedName.replace('.', '/') + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = dir.resolve("classes");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), src.toString());
    assertThat(rc).as("javac of " + qualifiedName).isZero();
    return classes;
  }
}
