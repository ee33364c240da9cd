package dev.trackbook.converter.run;

import java.nio.file.Path;
import java.util.Arrays;

/** A JVM that runs a pipeline in its child JVM, as {@code ./trackbook run} does elsewhere. */
public final class PipelineParentMain {

  private PipelineParentMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(PipelineProcess.run(Path.of(args[0]), Arrays.asList(args).subList(1, args.length)));
  }
}
