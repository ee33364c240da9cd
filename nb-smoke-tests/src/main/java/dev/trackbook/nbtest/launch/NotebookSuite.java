package dev.trackbook.nbtest.launch;

import dev.trackbook.nbtest.NotebookTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class {@link NotebookLauncher} runs: the notebooks named by its configuration
 * parameters.
 */
@ExtendWith(ConfiguredNotebooks.class)
public class NotebookSuite {
  @TestFactory
  Stream<DynamicNode> notebooks(NotebookTests tests) {
    return tests.tests();
  }
}
