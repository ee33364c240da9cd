package dev.trackbook.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resident memory of a process and its descendants, from {@code /proc/PID/status} (VmRSS now, VmHWM
 * peak). Descendants count because {@code mlflow server} serves from gunicorn workers that are
 * children of the process the bench script started.
 */
final class ProcessMemory {
  private ProcessMemory() {}

  /** {VmRSS, VmHWM} in KiB, summed over the process tree rooted at {@code pid}. */
  static long[] rssAndPeakKiB(long pid) throws IOException {
    long rss = 0;
    long peak = 0;
    for (long p : tree(pid)) {
      Path status = Path.of("/proc", Long.toString(p), "status");
      if (!Files.exists(status)) {
        continue;
      }
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss += kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak += kib(line);
        }
      }
    }
    return new long[] {rss, peak};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static List<Long> tree(long root) {
    List<Long> all = new ArrayList<>();
    all.add(root);
    for (int i = 0; i < all.size(); i++) {
      long parent = all.get(i);
      try (Stream<ProcessHandle> children =
          ProcessHandle.of(parent).stream().flatMap(ProcessHandle::children)) {
        children.forEach(child -> all.add(child.pid()));
      }
    }
    return all;
  }
}
