package dev.trackbook.nbtest;

import dev.trackbook.nbtest.launch.ConfiguredNotebooks;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Declares a test class's notebooks; a {@code @TestFactory} method then takes the {@link
 * NotebookTests} as a parameter:
 *
 * <pre>{@code
 * @Notebooks({"notebooks", "pipelines"})
 * class NotebookSmokeTest {
 *   @TestFactory
 *   Stream<DynamicNode> notebooks(NotebookTests tests) {
 *     return tests.tests();
 *   }
 * }
 * }</pre>
 *
 * <p>Paths are relative to the working directory (the module directory under Maven). JUnit
 * configuration parameters ({@code trackbook.cellTimeout}, {@code trackbook.trackingUri}, ... see
 * {@link ConfiguredNotebooks}) override what is declared here.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ConfiguredNotebooks.class)
// A notebook's cells are tests that must run in order, one after another: never concurrently,
// even where JUnit's parallel execution is on (notebooks themselves run in parallel by parallel()).
@Execution(ExecutionMode.SAME_THREAD)
public @interface Notebooks {
  /** Notebooks, pipeline scripts, or directories holding them. */
  String[] value();

  /** Smoke parameters as {@code NAME=VALUE}, injected after each notebook's parameters cell. */
  String[] smokeParameters() default {};

  /** Seconds a cell may take; 0 for the default (120, or the notebook's metadata). */
  long cellTimeoutSeconds() default 0;

  /** Notebooks run at once, each on its own kernel; see {@link NotebookTests#parallel(int)}. */
  int parallel() default 1;
}
