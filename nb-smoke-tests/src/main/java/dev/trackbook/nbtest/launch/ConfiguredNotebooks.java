package dev.trackbook.nbtest.launch;

import dev.trackbook.nbtest.NotebookOptions;
import dev.trackbook.nbtest.NotebookTests;
import dev.trackbook.nbtest.Notebooks;
import dev.trackbook.nbtest.Sanitizers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Builds {@link NotebookTests} from JUnit configuration parameters, so a launcher (the {@code
 * ./trackbook test} command) can say which notebooks to run without static state: {@code
 * trackbook.notebooks} (paths separated by the path separator; or {@code trackbook.notebookLines},
 * one per line), {@code trackbook.kernel}, {@code trackbook.kernelPath} (kernels directories,
 * separated likewise), {@code trackbook.cellTimeout} and {@code trackbook.notebookTimeout}
 * (seconds), {@code trackbook.trackingUri}, {@code trackbook.params} (NAME=VALUE lines), {@code
 * trackbook.sanitizeWith} (an nbval-style file of output sanitizers, see {@link Sanitizers}),
 * {@code trackbook.parallel} (notebooks at once), {@code trackbook.previousReports} (a directory of
 * an earlier run's JUnit XML: notebooks that took longest then start first).
 */
public final class ConfiguredNotebooks implements ParameterResolver {
  static final String NOTEBOOKS = "trackbook.notebooks";
  // What a launcher passes: one path per line, since a file name may hold the path separator.
  static final String NOTEBOOK_LINES = "trackbook.notebookLines";
  static final String PREVIOUS_REPORTS = "trackbook.previousReports";
  static final String SANITIZE_WITH = "trackbook.sanitizeWith";
  // What the launcher passes instead: the times it read before its report listener ran.
  static final String PREVIOUS_DURATIONS = "trackbook.previousDurations";

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == NotebookTests.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Notebooks declared =
        c.getTestClass().map(type -> type.getAnnotation(Notebooks.class)).orElse(null);
    String fallback =
        declared == null ? "notebooks" : String.join(java.io.File.pathSeparator, declared.value());
    Optional<String> lines = c.getConfigurationParameter(NOTEBOOK_LINES);
    String[] list =
        lines.isPresent()
            ? lines.get().split("\n")
            : c.getConfigurationParameter(NOTEBOOKS)
                .orElse(fallback)
                .split(java.io.File.pathSeparator);
    Path[] paths = Arrays.stream(list).map(Path::of).toArray(Path[]::new);
    NotebookOptions.Builder b = NotebookOptions.builder();
    if (declared != null) {
      for (String kv : declared.smokeParameters()) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new org.junit.platform.commons.PreconditionViolationException(
              "@Notebooks smokeParameters: expected NAME=VALUE, got '" + kv + "'");
        }
        b.smokeParameter(kv.substring(0, eq), kv.substring(eq + 1));
      }
      if (declared.cellTimeoutSeconds() > 0) {
        b.cellTimeout(Duration.ofSeconds(declared.cellTimeoutSeconds()));
      }
    }
    c.getConfigurationParameter("trackbook.kernel").ifPresent(k -> b.kernel(k, true));
    c.getConfigurationParameter("trackbook.kernelPath")
        .ifPresent(
            k -> {
              for (String dir : k.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                  b.kernelPath(Path.of(dir));
                }
              }
            });
    c.getConfigurationParameter("trackbook.cellTimeout")
        .ifPresent(s -> b.cellTimeout(seconds("trackbook.cellTimeout", s)));
    c.getConfigurationParameter("trackbook.notebookTimeout")
        .ifPresent(s -> b.notebookTimeout(seconds("trackbook.notebookTimeout", s)));
    c.getConfigurationParameter("trackbook.trackingUri").ifPresent(b::trackingUri);
    c.getConfigurationParameter(SANITIZE_WITH).ifPresent(file -> b.sanitizers(sanitizers(file)));
    String params = c.getConfigurationParameter("trackbook.params").orElse("");
    for (String kv : params.split("\n")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        b.smokeParameter(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    int parallel =
        c.getConfigurationParameter("trackbook.parallel")
            .map(Integer::parseInt)
            .orElse(declared == null ? 1 : declared.parallel());
    NotebookTests tests = NotebookTests.in(paths).options(b.build()).parallel(parallel);
    SelectedNotebooks.containersUnder(c.getUniqueId()).ifPresent(tests::onlyStart);
    c.getConfigurationParameter(PREVIOUS_REPORTS)
        .ifPresent(dir -> tests.previousDurations(ReportHistory.durations(Path.of(dir))));
    c.getConfigurationParameter(PREVIOUS_DURATIONS)
        .ifPresent(text -> tests.previousDurations(ReportHistory.decode(text)));
    return tests;
  }

  private static List<NotebookOptions.Sanitizer> sanitizers(String file) {
    try {
      return Sanitizers.fromFile(Path.of(file));
    } catch (IllegalArgumentException e) {
      throw new org.junit.platform.commons.PreconditionViolationException(
          SANITIZE_WITH + ": " + e.getMessage());
    }
  }

  private static Duration seconds(String parameter, String value) {
    try {
      long s = Long.parseLong(value.strip());
      if (s >= 1) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new org.junit.platform.commons.PreconditionViolationException(
        parameter + ": expected whole seconds, at least 1, got '" + value + "'");
  }
}
