package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Notebooks as JUnit 5 tests: one container per notebook, one test per code cell, run in order
 * through the real kernel. Use it from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> notebooks() {
 *   return NotebookTests.in(Path.of("notebooks")).options(NotebookOptions.defaults()).tests();
 * }
 * }</pre>
 *
 * <p>A failing cell's test fails with the notebook, cell index and id, first source line and the
 * error; the cells after it are reported as aborted (not run). Each notebook gets its own kernel
 * process and connection ports, so notebooks may run in parallel.
 */
public final class NotebookTests {
  private final List<Path> notebooks;
  private NotebookOptions options = NotebookOptions.defaults();

  private NotebookTests(List<Path> notebooks) {
    this.notebooks = notebooks;
  }

  /**
   * Every {@code *.ipynb} under the given directories (recursively) or the given files, sorted by
   * path.
   */
  public static NotebookTests in(Path... dirsOrFiles) {
    List<Path> found = new ArrayList<>();
    for (Path p : dirsOrFiles) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> f.toString().endsWith(".ipynb"))
              .filter(f -> !f.toString().contains(".ipynb_checkpoints"))
              .sorted()
              .forEach(found::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        found.add(p);
      }
    }
    return new NotebookTests(found);
  }

  public NotebookTests options(NotebookOptions o) {
    this.options = o;
    return this;
  }

  public List<Path> notebooks() {
    return List.copyOf(notebooks);
  }

  /** The dynamic test tree; nothing runs until JUnit executes it. */
  public Stream<DynamicNode> tests() {
    ObjectMapper json = new ObjectMapper();
    return notebooks.stream().map(p -> notebookContainer(p, json));
  }

  private DynamicNode notebookContainer(Path path, ObjectMapper json) {
    NotebookFile nb;
    try {
      nb = NotebookFile.read(path, json);
    } catch (IOException e) {
      return DynamicTest.dynamicTest(
          path.getFileName() + ": readable", () -> Assertions.fail(e.getMessage()));
    }
    NotebookExecution exec = new NotebookExecution(nb, options, json);
    List<DynamicNode> children = new ArrayList<>();
    List<NotebookFile.Cell> cells = exec.codeCells();
    for (int i = 0; i < cells.size(); i++) {
      NotebookFile.Cell cell = cells.get(i);
      boolean last = i == cells.size() - 1;
      children.add(
          DynamicTest.dynamicTest(
              cell.label(),
              cellUri(path, cell),
              () -> {
                try {
                  check(exec.run(cell));
                } finally {
                  if (last) {
                    exec.close();
                  }
                }
              }));
    }
    if (cells.isEmpty()) {
      children.add(
          DynamicTest.dynamicTest(
              "has code cells", () -> Assertions.fail(path + " has no code cell")));
    }
    return DynamicContainer.dynamicContainer(nb.name(), path.toUri(), children.stream());
  }

  private static URI cellUri(Path path, NotebookFile.Cell cell) {
    return URI.create(path.toUri() + "#cell=" + cell.index());
  }

  private static void check(CellOutcome o) {
    switch (o.status()) {
      case PASSED -> {}
      case NOT_RUN -> Assumptions.abort(o.message());
      case FAILED -> Assertions.fail(o.message());
    }
  }
}
