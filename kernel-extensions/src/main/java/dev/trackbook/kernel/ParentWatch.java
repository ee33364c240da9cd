package dev.trackbook.kernel;

import java.util.Map;
import java.util.Optional;

/**
 * Ends the kernel when the process that started it is gone, as ipykernel's parent poller does.
 * Jupyter's launchers (jupyter_client, the Trackbook smoke runner) name themselves in {@code
 * JPY_PARENT_PID}; one killed outright (SIGKILL, an OOM kill, a CI job's hard stop) cannot stop its
 * kernels, which would otherwise run on, holding memory and a running cell's work.
 */
final class ParentWatch {

  static final String PARENT_PID = "JPY_PARENT_PID";

  private ParentWatch() {}

  /**
   * Calls {@code onGone} once the process {@code env} names has ended (at once if it already has);
   * does nothing when none is named.
   *
   * @return whether a parent is watched
   */
  static boolean start(Map<String, String> env, Runnable onGone) {
    String value = env.get(PARENT_PID);
    long pid;
    try {
      pid = Long.parseLong(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      return false; // not set, or not a pid (Windows launchers pass a handle)
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty()) {
      onGone.run();
      return true;
    }
    parent.get().onExit().thenRun(onGone);
    return true;
  }
}
