package dev.trackbook.nbtest;

import dev.trackbook.nbtest.kernel.ExecutionResult;
import java.time.Duration;

/**
 * How one cell of a smoke-tested notebook ended.
 *
 * @param message for a failure: what went wrong, naming the notebook and the cell; else null
 * @param result what the kernel returned; null for cells that were not executed
 */
public record CellOutcome(
    NotebookFile.Cell cell,
    Status status,
    String message,
    Duration duration,
    ExecutionResult result) {

  public enum Status {
    PASSED,
    FAILED,
    /** Tagged {@code skip-execution}, or not run because an earlier cell failed. */
    NOT_RUN
  }
}
