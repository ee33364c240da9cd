package dev.trackbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line in a child JVM on this test's classpath: its environment is the child's own. */
final class ChildCli {
  private ChildCli() {}

  /** {@code java -cp CLASSPATH TrackbookCli ARGS}, ready for {@code environment()} and start. */
  static ProcessBuilder process(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrackbookCli.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
