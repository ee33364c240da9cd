package dev.trackbook.notebook.logging;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes {@code WARN logger.name: message} lines (and a throwable's stack trace) to {@code
 * System.err} as it is at the time of the call: the kernel points it at the running cell's stderr.
 */
final class NotebookLogger extends LegacyAbstractLogger {
  /** The system property holding the threshold: error, warn, info, debug, trace or off. */
  static final String LEVEL_PROPERTY = "trackbook.log.level";

  private static final int OFF = Integer.MAX_VALUE;

  NotebookLogger(String name) {
    this.name = name;
  }

  /** The threshold as an SLF4J level int; an unknown value counts as the default, warn. */
  static int threshold() {
    String v = System.getProperty(LEVEL_PROPERTY, "warn").trim().toUpperCase(Locale.ROOT);
    if (v.equals("OFF")) {
      return OFF;
    }
    for (Level level : Level.values()) {
      if (level.name().equals(v)) {
        return level.toInt();
      }
    }
    return Level.WARN.toInt();
  }

  private static boolean enabled(Level level) {
    return level.toInt() >= threshold();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    PrintStream err = System.err;
    // One println per record, so lines from threads logging at once do not interleave mid-line.
    err.println(level + " " + name + ": " + message);
    if (throwable != null) {
      throwable.printStackTrace(err);
    }
  }
}
