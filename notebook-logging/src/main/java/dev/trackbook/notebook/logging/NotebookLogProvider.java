package dev.trackbook.notebook.logging;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider the Trackbook kernel puts on a notebook's classpath when its jars bring
 * slf4j-api but no logging backend. Without it SLF4J prints a three-line "no providers" warning
 * into whichever cell first touches a library that logs, and then drops every message; with it,
 * warnings and errors show in the cell's stderr, as Python's logging does in a notebook.
 *
 * <p>The threshold is the system property {@value NotebookLogger#LEVEL_PROPERTY} ({@code error},
 * {@code warn} (default), {@code info}, {@code debug}, {@code trace} or {@code off}), read on every
 * call, so a cell can change it at any time.
 *
 * <p>A backend the notebook adds before SLF4J starts (logback, log4j-slf4j2, slf4j-simple) wins:
 * this provider steps aside and hands SLF4J that backend's factories.
 */
public final class NotebookLogProvider implements SLF4JServiceProvider {
  private final ClassLoader searched;
  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  /** The instance SLF4J's {@link ServiceLoader} makes: looks for backends beside this jar. */
  public NotebookLogProvider() {
    this(NotebookLogProvider.class.getClassLoader());
  }

  NotebookLogProvider(ClassLoader searched) {
    this.searched = searched;
  }

  @Override
  public void initialize() {
    SLF4JServiceProvider backend = otherBackend();
    if (backend != null) {
      backend.initialize();
      loggers = backend.getLoggerFactory();
      markers = backend.getMarkerFactory();
      mdc = backend.getMDCAdapter();
      return;
    }
    loggers = new NotebookLoggerFactory();
    markers = new BasicMarkerFactory();
    mdc = new BasicMDCAdapter();
  }

  /** A real backend on the same class path, if the notebook added one. */
  private SLF4JServiceProvider otherBackend() {
    Iterator<SLF4JServiceProvider> found =
        ServiceLoader.load(SLF4JServiceProvider.class, searched).iterator();
    // Bounded: after an error the iterator only makes "a best effort" to go on.
    for (int errors = 0; errors < 100; ) {
      try {
        if (!found.hasNext()) {
          return null;
        }
        SLF4JServiceProvider p = found.next();
        if (!(p instanceof NotebookLogProvider)) {
          return p;
        }
      } catch (ServiceConfigurationError e) {
        errors++; // a broken registration: skip it, as SLF4J does, rather than break logging
      }
    }
    return null;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
