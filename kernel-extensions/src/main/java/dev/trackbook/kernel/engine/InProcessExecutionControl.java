package dev.trackbook.kernel.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs JShell snippets in this JVM on one dedicated execution thread and keeps each snippet's value
 * as the live object (JShell's own local engine only hands back {@code toString()} text).
 *
 * <p>Stopping: IJava/JJava interrupt the execution thread and wait, so {@code while (true) {}}
 * keeps spinning forever. Here {@link #stop()} interrupts the thread (blocking calls), then stops
 * it: up to Java 19 with {@link Thread#stop()}, from Java 20 on (where that throws) through the
 * stop checks woven into every cell class ({@link CellStop}: a loop in notebook code ends at its
 * next iteration; library code that ignores interrupts runs on). It replaces the execution thread
 * at once, so the next cell never waits behind a stuck one. The cell's code on the common fork-join
 * pool (a parallel stream's other branches) is stopped too ({@link CommonPoolStop}).
 */
final class InProcessExecutionControl extends DirectExecutionControl {

  /** How long an interrupted snippet may take to notice the interrupt before it is killed. */
  private static final long GRACE_MILLIS = 150;

  /** How long we keep killing a snippet that catches ThreadDeath before abandoning its thread. */
  private static final long KILL_MILLIS = 2_000;

  private final AtomicInteger threadCount = new AtomicInteger();
  private final Object lock = new Object();
  private ExecutorService executor = newExecutor();
  private Future<?> running;
  private Thread runningThread;

  /** The task submitted last and not stopped; a task that starts without being it does not run. */
  private Object current;

  /** Stopping the last stopped cell's branches on the common pool, until the next snippet. */
  private CommonPoolStop poolStopper;

  private ClassLoader initialLoader;
  private volatile ClassLoader snippetLoader;

  /** Thread.stop throws UnsupportedOperationException from Java 20 on. */
  private static final boolean THREAD_STOP_WORKS = Runtime.version().feature() < 20;

  private final boolean useThreadStop;

  /**
   * The kernel's own stderr (its log, in the Jupyter server's output). Captured when the kernel
   * starts: jjava points System.err at the executing cell while one runs.
   */
  private final java.io.PrintStream kernelLog = System.err;

  private InProcessExecutionControl(boolean useThreadStop) {
    this.useThreadStop = useThreadStop;
  }

  private InProcessExecutionControl(boolean useThreadStop, SnippetLoaderDelegate delegate) {
    super(delegate);
    this.useThreadStop = useThreadStop;
  }

  static boolean threadStopWorks() {
    return THREAD_STOP_WORKS;
  }

  /**
   * @param useThreadStop false stops cells as on Java 20+, where Thread.stop is gone
   * @param kernelApiOnly cells see the JDK and the kernel's API only, not the rest of this JVM's
   *     class path ({@link KernelApiOnlyLoader}): for a pipeline, which runs in a JVM that holds
   *     more
   */
  static InProcessExecutionControl create(boolean useThreadStop, boolean kernelApiOnly) {
    if (kernelApiOnly) {
      SnippetLoaderDelegate delegate =
          new SnippetLoaderDelegate(
              new KernelApiOnlyLoader(InProcessExecutionControl.class.getClassLoader()));
      InProcessExecutionControl control = new InProcessExecutionControl(useThreadStop, delegate);
      control.initialLoader = delegate.loader();
      control.initialLoader.setDefaultAssertionStatus(true);
      return control;
    }
    // DirectExecutionControl's loader delegate makes its class loader the constructing thread's
    // context loader: keep it (snippets are defined in it) and give the thread its own back.
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    InProcessExecutionControl control = new InProcessExecutionControl(useThreadStop);
    control.initialLoader = self.getContextClassLoader();
    // `assert` in a notebook checks, as in a test under Surefire or in Python: the classes this
    // loader defines (cells, %maven and %classpath jars) run with assertions on; the kernel's own
    // classes, loaded elsewhere, do not.
    control.initialLoader.setDefaultAssertionStatus(true);
    self.setContextClassLoader(before);
    return control;
  }

  /** The loader snippet classes and added classpath entries are visible through. */
  ClassLoader classLoader() {
    ClassLoader loader = snippetLoader;
    return loader != null ? loader : initialLoader;
  }

  private volatile Object lastValue;
  private volatile Throwable lastThrowable;
  private volatile boolean lastStopped;

  /** Clears what the previous snippet left, before JShell evaluates the next one. */
  void resetLast() {
    lastValue = null;
    lastThrowable = null;
    lastStopped = false;
  }

  Object lastValue() {
    return lastValue;
  }

  Throwable lastThrowable() {
    return lastThrowable;
  }

  boolean lastStopped() {
    return lastStopped;
  }

  /** Whether the calling thread is the one running the current snippet. */
  boolean isExecutionThread() {
    synchronized (lock) {
      return runningThread != null && runningThread == Thread.currentThread();
    }
  }

  /**
   * Where Thread.stop is gone, cell classes get their stop checks on the way in. Not before: the
   * check makes a tight loop take up to ~2x as long under C1, as the kernel runs by default
   * (bench/kernel/stop-checks), and Thread.stop also stops library code.
   */
  @Override
  public void load(ClassBytecodes[] classes)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    if (useThreadStop) {
      super.load(classes);
      return;
    }
    ClassBytecodes[] woven = new ClassBytecodes[classes.length];
    for (int i = 0; i < classes.length; i++) {
      byte[] bytes = classes[i].bytecodes();
      try {
        bytes = StopCheckWeaver.weave(bytes);
      } catch (RuntimeException e) {
        // The cell still runs, as compiled; only an interrupt may not end its loops. Said once,
        // in the cell that met it (jjava's System.err while a cell runs).
        if (!weavingFailureShown) {
          weavingFailureShown = true;
          System.err.println(
              "trackbook kernel: an interrupt may not stop loops in "
                  + classes[i].name()
                  + " (no stop checks: "
                  + e.getMessage()
                  + ")");
        }
      }
      woven[i] = new ClassBytecodes(classes[i].name(), bytes);
    }
    super.load(woven);
  }

  private volatile boolean weavingFailureShown;

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    if (isExecutionThread()) {
      // Nested: the running snippet (a magic) evaluates code. Run it here: the executor's only
      // thread
      // is this one, and the outer snippet waits for it. `running` stays the outer's, for stop().
      try {
        Object value = doitMethod.invoke(null);
        lastValue = value;
        return value == null ? "null" : "";
      } catch (InvocationTargetException e) {
        lastThrowable = e.getCause();
        throw e;
      }
    }
    ClassLoader loader = doitMethod.getDeclaringClass().getClassLoader();
    snippetLoader = loader;
    try {
      Object value = onExecutionThread(() -> doitMethod.invoke(null), loader);
      lastValue = value;
      // JShell only shows this text; callers use the object. Avoid calling toString() on what may
      // be a huge value (a table, an image).
      return value == null ? "null" : "";
    } catch (StoppedException e) {
      lastStopped = true;
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvocationTargetException ite) {
        lastThrowable = ite.getCause();
        throw ite;
      }
      lastThrowable = cause;
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  /**
   * Runs code that belongs to the notebook but is not a snippet (e.g. the {@code toString()} of a
   * cell's value, which may loop or overflow the stack) the way a snippet runs: on the execution
   * thread, stoppable by {@link #stop()}, with the snippets' class loader as context loader.
   *
   * @throws StoppedException when stopped
   * @throws ExecutionException carrying whatever {@code task} threw, errors included
   */
  <T> T call(Callable<T> task) throws StoppedException, ExecutionException {
    if (isExecutionThread()) {
      try {
        return task.call();
      } catch (Throwable t) {
        throw new ExecutionException(t);
      }
    }
    return onExecutionThread(task, classLoader());
  }

  /**
   * An interrupt came while the cell ran no snippet (JShell was compiling its next one, which
   * {@link #stop()} cannot reach): the cell's next snippet must not start. Until the next cell.
   */
  void stopBeforeNextSnippet() {
    stopPending = true;
  }

  /**
   * A cell starts or ends: an interrupt meant for another cell stops neither it nor code run
   * between cells.
   */
  void cellBoundary() {
    stopPending = false;
  }

  private volatile boolean stopPending;

  private <T> T onExecutionThread(Callable<T> task, ClassLoader loader)
      throws StoppedException, ExecutionException {
    Future<T> future;
    Object ticket = new Object();
    synchronized (lock) {
      if (stopPending) {
        throw new StoppedException();
      }
      current = ticket;
      if (poolStopper != null) {
        // The stopped cell's branches on the pool must not take this snippet's with them.
        poolStopper.cancel();
        poolStopper = null;
      }
      future =
          executor.submit(
              () -> {
                Thread self = Thread.currentThread();
                // Libraries that look classes up through the context loader (ServiceLoader, JDBC)
                // must see what cells defined and what %classpath / %maven added.
                self.setContextClassLoader(loader);
                synchronized (lock) {
                  if (current != ticket) {
                    // Stopped before it began: the caller has its answer, the task must not run.
                    throw new CancellationException();
                  }
                  runningThread = self;
                }
                try {
                  return task.call();
                } finally {
                  synchronized (lock) {
                    // A stopped thread that ends late must not clear the next task's thread.
                    if (runningThread == self) {
                      runningThread = null;
                    }
                  }
                }
              });
      running = future;
    }
    try {
      return future.get();
    } catch (CancellationException e) {
      throw new StoppedException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoppedException();
    } catch (ExecutionException e) {
      synchronized (lock) {
        if (current != ticket) { // stop() cleared it while the task ran
          throw new StoppedException();
        }
      }
      throw e;
    } finally {
      synchronized (lock) {
        if (running == future) {
          running = null;
        }
      }
    }
  }

  /**
   * Stops the running snippet, if any: callers blocked in {@link #invoke(Method)} return at once
   * with {@link StoppedException}; the thread is interrupted, then killed, on a helper thread.
   */
  @Override
  public void stop() {
    Thread victim;
    ExecutorService abandoned;
    synchronized (lock) {
      if (running == null) {
        return;
      }
      victim = runningThread;
      runningThread = null;
      current = null;
      abandoned = executor;
      // The next snippet runs on a fresh thread even if this one never dies.
      executor = newExecutor();
      running.cancel(true);
      running = null;
    }
    abandoned.shutdown();
    if (victim != null) {
      CommonPoolStop poolStop = CommonPoolStop.forCellOf(victim, useThreadStop);
      if (poolStop != null) {
        synchronized (lock) {
          if (current == null) { // not if the next snippet started meanwhile
            poolStopper = poolStop;
            Thread watcher = new Thread(poolStop, "trackbook-jshell-pool-stopper");
            watcher.setDaemon(true);
            watcher.start();
          }
        }
      }
      CellStop.stopping(victim);
      Thread killer = new Thread(() -> kill(victim), "trackbook-jshell-stopper");
      killer.setDaemon(true);
      killer.start();
    }
  }

  @SuppressWarnings({"deprecation", "removal"})
  private void kill(Thread victim) {
    try {
      victim.join(GRACE_MILLIS);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_MILLIS);
      while (victim.isAlive() && System.nanoTime() < deadline) {
        if (useThreadStop) { // only where Thread.stop works (threadStopWorks)
          victim.stop();
        }
        victim.join(50);
      }
      if (victim.isAlive()) {
        // Library code that ignores interrupts and never returns to the notebook's code, or code
        // that catches ThreadDeath: nothing left to stop it with. Say so once, and keep watching.
        kernelLog.println(
            "trackbook kernel: an interrupted cell's thread did not stop (library code that ignores"
                + " interrupts, or code that catches ThreadDeath); it runs until the kernel restarts");
        victim.join();
      }
      CellStop.stopped(victim);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      executor.shutdownNow();
    }
    super.close();
  }

  private ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "trackbook-jshell-exec-" + threadCount.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
