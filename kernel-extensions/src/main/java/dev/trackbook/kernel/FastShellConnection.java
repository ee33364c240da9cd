package dev.trackbook.kernel;

import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.BiFunction;
import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

/**
 * jjava's connection with a shorter idle sleep on the shell and control channels, and a heartbeat
 * that stops as soon as the connection closes.
 *
 * <p>jjava's channel loop polls without waiting and sleeps 50 ms when nothing arrived, so every
 * request waits 25 ms on average before it is even read: more than a trivial cell takes to run. The
 * channels are built in {@link JupyterConnection}'s constructor with that default, so they are
 * replaced here (before they are bound) by channels with a {@value #LOOP_SLEEP_MS} ms sleep.
 */
final class FastShellConnection extends JupyterConnection {

  /** Idle sleep between polls: ~2.5 ms added latency on average; ~1.5% of a core while idle. */
  static final long LOOP_SLEEP_MS = 5;

  /**
   * @param shownError the traceback the notebook was shown for an error reply's name and message
   *     (see {@link TrackbookKernel#shownTraceback}), or null
   */
  FastShellConnection(
      KernelConnectionProperties properties, BiFunction<String, String, List<String>> shownError)
      throws GeneralSecurityException {
    super(properties);
    try {
      Field ctxField = JupyterConnection.class.getDeclaredField("ctx");
      ctxField.setAccessible(true);
      ZMQ.Context ctx = (ZMQ.Context) ctxField.get(this);
      // jjava sends a stream message per flushed line; past ZeroMQ's default high-water mark
      // (1000 messages queued for a subscriber still reading) the rest of a fast-printing cell's
      // output was dropped. Set before the socket binds, when its pipes are made.
      iopub.setSndHWM(0);
      replace(
          "shell",
          new ShellChannel(ctx, properties.createHMACGenerator(), false, this, LOOP_SLEEP_MS) {
            @Override
            public synchronized void sendMessage(Message<?> message) {
              showInReply(message, shownError);
              super.sendMessage(message);
            }
          });
      replace(
          "control",
          new ShellChannel(ctx, properties.createHMACGenerator(), true, this, LOOP_SLEEP_MS));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // jjava changed inside: keep its own channels (slower, still correct).
      System.err.println("trackbook kernel: keeping jjava's default channel loop: " + e);
    }
  }

  /**
   * jjava's heartbeat loop sleeps 500 ms between polls and the kernel's main thread waits for it to
   * end, so a shutdown took up to half a second longer than needed (a smoke-test run shuts down one
   * kernel per notebook). Its loop treats an interrupt during that sleep as "stop".
   */
  @Override
  public void close() {
    super.close();
    try {
      Field pulse = HeartbeatChannel.class.getDeclaredField("pulse");
      pulse.setAccessible(true);
      if (pulse.get(heartbeat) instanceof Thread loop) {
        loop.interrupt();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // jjava changed inside: its heartbeat still ends, after its sleep.
    }
  }

  /**
   * An execute request's error reply carries the traceback the notebook was shown, as ipykernel's
   * does: nbconvert, nbclient and papermill report a failed cell from the reply, and jjava fills it
   * with the raw Java frames of the kernel (or nothing, for a compile error).
   */
  private static void showInReply(
      Message<?> message, BiFunction<String, String, List<String>> shownError) {
    if (message.getContent() instanceof ErrorReply reply) {
      List<String> shown = shownError.apply(reply.getErrorName(), reply.getErrorMessage());
      if (shown != null) {
        try {
          reply.getStacktrace().clear();
          reply.getStacktrace().addAll(shown);
        } catch (UnsupportedOperationException e) {
          // jjava made its list immutable: the reply keeps its raw frames.
        }
      }
    }
  }

  private void replace(String name, ShellChannel channel) throws ReflectiveOperationException {
    Field field = JupyterConnection.class.getDeclaredField(name);
    field.setAccessible(true);
    ShellChannel old = (ShellChannel) field.get(this);
    field.set(this, channel);
    old.close();
  }
}
