package dev.trackbook.nbtest;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every notebook in this repo's notebooks/ runs top to bottom through the real kernel, with its
 * smoke parameters; every pipeline in pipelines/ runs with the same parameters and must log what
 * its notebook logs.
 */
class ExampleNotebooksIT {
  @TestFactory
  Stream<DynamicNode> exampleNotebooks() {
    return NotebookTests.in(Path.of("../notebooks"), Path.of("../pipelines"))
        .options(NotebookOptions.builder().kernelPath(InstalledKernel.kernelsDir()).build())
        .parallel(2)
        .tests();
  }
}
