package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.client.model.FilesBoundModel;
import dev.trackbook.nbtest.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One running kernel, started from its kernelspec with a connection file exactly as Jupyter does,
 * and spoken to over the Jupyter messaging protocol (shell, iopub, control). Not thread-safe: one
 * notebook, one thread.
 */
public final class KernelSession implements AutoCloseable {
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private static final int START_ATTEMPTS = 3;

  private final ObjectMapper json;
  private final KernelSpec spec;
  private final Process process;
  private final Path connectionFile;
  private final Path logFile;
  private final ZContext zmq = new ZContext();
  private final ZMQ.Socket shell;
  // After a cell's reply: how long its output may stay quiet before the missing idle status is
  // given up on (nbclient's iopub_timeout).
  private static final Duration IOPUB_GRACE = Duration.ofSeconds(4);

  private final ZMQ.Socket iopub;
  private final ZMQ.Socket control;
  private final WireCodec codec;

  private KernelSession(
      ObjectMapper json,
      KernelSpec spec,
      Process process,
      ConnectionInfo info,
      Path connectionFile,
      Path logFile) {
    this.json = json;
    this.spec = spec;
    this.process = process;
    this.connectionFile = connectionFile;
    this.logFile = logFile;
    this.codec = new WireCodec(json, info.key());
    shell = zmq.createSocket(SocketType.DEALER);
    shell.setLinger(0);
    shell.connect(info.address(info.shellPort()));
    control = zmq.createSocket(SocketType.DEALER);
    control.setLinger(0);
    control.connect(info.address(info.controlPort()));
    iopub = zmq.createSocket(SocketType.SUB);
    iopub.setLinger(0);
    // No receive limit: a cell printing fast must not have its output dropped here (ZeroMQ drops
    // past the high-water mark, 1000 messages by default).
    iopub.setRcvHWM(0);
    iopub.subscribe(new byte[0]);
    iopub.connect(info.address(info.iopubPort()));
  }

  /**
   * Starts the kernel in {@code workDir} with {@code extraEnv} added to this process's environment
   * and waits until it answers {@code kernel_info_request}. A kernel that could not bind its ports
   * (another process took one in the meantime) is retried with fresh ones; any other failure is
   * reported at once, since a retry would only repeat it.
   */
  public static KernelSession start(
      KernelSpec spec, Path workDir, Map<String, String> extraEnv, Duration startTimeout)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    PortsTaken last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      // Kernels of this JVM start at once: ConnectionInfo never hands one port out twice. Only a
      // port another process took is worth a retry; any other failure would only repeat.
      try {
        return startOnce(spec, workDir, extraEnv, startTimeout, json);
      } catch (PortsTaken e) {
        last = e;
      }
    }
    throw last;
  }

  /** The kernel could not bind a port of its connection file: another process took it. */
  private static final class PortsTaken extends IOException {
    PortsTaken(String message) {
      super(message);
    }
  }

  private static KernelSession startOnce(
      KernelSpec spec,
      Path workDir,
      Map<String, String> extraEnv,
      Duration startTimeout,
      ObjectMapper json)
      throws IOException {
    ConnectionInfo info = ConnectionInfo.fresh();
    Path connectionFile = Files.createTempFile("kernel-", ".json");
    Path logFile = null;
    Process process;
    try {
      info.write(connectionFile, json);
      logFile = Files.createTempFile("kernel-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(spec.command(connectionFile))
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      pb.environment().putAll(spec.env());
      pb.environment().putAll(extraEnv);
      // As Jupyter's launcher: the kernel ends itself if this process dies without stopping it.
      pb.environment().put("JPY_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      // No kernel to close: its files go here (a kernelspec naming a java that is gone).
      FilesBoundModel.deleteTree(connectionFile);
      FilesBoundModel.deleteTree(logFile);
      throw e;
    }
    ChildProcesses.started(process, connectionFile, logFile);
    KernelSession session = new KernelSession(json, spec, process, info, connectionFile, logFile);
    try {
      session.awaitReady(startTimeout);
      return session;
    } catch (IOException e) {
      session.close();
      throw e;
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.util.Set<String> sent = new java.util.HashSet<>();
    // iopub is a SUB socket: it only sees messages after its subscription reached the kernel, so
    // keep asking
    // kernel_info until one round trip also produced iopub traffic (the kernel's status messages).
    while (System.nanoTime() < deadline) {
      if (log().contains("Address already in use")) {
        // Another process took one of its ports before it bound them: retry with fresh ones.
        throw new PortsTaken("kernel " + spec.name() + " could not bind its ports: " + log());
      }
      if (!process.isAlive()) {
        throw new IOException(
            "kernel "
                + spec.name()
                + " exited with code "
                + process.exitValue()
                + " at start: "
                + log());
      }
      // A slow kernel answers an earlier request while we wait for the latest: any of ours counts,
      // or each round would wait for a reply that is always one behind.
      sent.add(send(shell, "kernel_info_request", json.createObjectNode()));
      WireCodec.Message reply = receive(shell, 1000);
      while (reply != null && !sent.contains(reply.parentId())) {
        reply = receive(shell, 100);
      }
      // The kernel publishes its status around the reply at once; if none arrives soon, it went
      // out before our subscription reached the kernel, and the next round will show it.
      if (reply != null && iopubSeenFor(sent, 100)) {
        return;
      }
    }
    throw new IOException(
        "kernel " + spec.name() + " did not answer within " + timeout + ": " + log());
  }

  /**
   * True if an iopub message for one of the requests {@code sent} arrives within {@code millis}:
   * any of them shows the subscription is live.
   */
  private boolean iopubSeenFor(java.util.Set<String> sent, int millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
      WireCodec.Message m = receive(iopub, (int) left);
      if (m != null && sent.contains(m.parentId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Executes {@code code} and collects its outputs until the kernel is idle again. Past {@code
   * timeout} the cell is interrupted; the result then has status {@code timeout}.
   */
  public ExecutionResult execute(String code, Duration timeout) throws IOException {
    ObjectNode content = json.createObjectNode();
    content.put("code", code);
    content.put("silent", false);
    content.put("store_history", true);
    content.putObject("user_expressions");
    content.put("allow_stdin", false);
    content.put("stop_on_error", true);
    String id = send(shell, "execute_request", content);

    Outputs outputs = new Outputs();
    JsonNode reply = null;
    boolean idle = false;
    boolean timedOut = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    long hardDeadline = Long.MAX_VALUE;
    long lastIopub = System.nanoTime();
    ZMQ.Poller poller = zmq.createPoller(2);
    try {
      poller.register(shell, ZMQ.Poller.POLLIN);
      poller.register(iopub, ZMQ.Poller.POLLIN);
      while (reply == null || !idle) {
        long now = System.nanoTime();
        if (!timedOut && now > deadline) {
          timedOut = true;
          interrupt();
          hardDeadline = now + Duration.ofSeconds(10).toNanos();
        }
        if (now > hardDeadline) {
          break;
        }
        if (reply != null && !timedOut && now - lastIopub > IOPUB_GRACE.toNanos()) {
          // The cell has ended (its reply came) and its output has gone quiet, but the idle
          // status never came (lost): waiting on would time the cell out and interrupt an idle
          // kernel. nbclient moves on the same way after its iopub_timeout.
          break;
        }
        if (!process.isAlive()) {
          String stderr = log().strip();
          throw new IOException(
              "kernel died while executing a cell (exit "
                  + process.exitValue()
                  + (stderr.isEmpty() ? ", nothing on its stderr)" : "):\n" + stderr));
        }
        poller.poll(100);
        if (poller.pollin(0)) {
          WireCodec.Message m = receive(shell, 0);
          if (m != null && id.equals(m.parentId()) && "execute_reply".equals(m.msgType())) {
            reply = m.content();
          }
        }
        if (poller.pollin(1)) {
          WireCodec.Message m;
          while ((m = receive(iopub, 0)) != null) {
            if (!id.equals(m.parentId())) {
              continue;
            }
            lastIopub = System.nanoTime();
            outputs.add(m);
            if ("status".equals(m.msgType())
                && "idle".equals(m.content().path("execution_state").asText())) {
              idle = true;
            }
          }
        }
      }
    } finally {
      poller.close();
    }
    String status =
        timedOut ? "timeout" : reply == null ? "error" : reply.path("status").asText("error");
    String ename = null;
    String evalue = null;
    List<String> traceback = new ArrayList<>();
    List<ObjectNode> collected = outputs.done();
    for (ObjectNode o : collected) {
      if ("error".equals(o.path("output_type").asText())) {
        ename = o.path("ename").asText();
        evalue = o.path("evalue").asText();
        o.path("traceback").forEach(t -> traceback.add(t.asText()));
      }
    }
    if (ename == null && reply != null && "error".equals(status)) {
      ename = reply.path("ename").asText();
      evalue = reply.path("evalue").asText();
      reply.path("traceback").forEach(t -> traceback.add(t.asText()));
    }
    Integer count =
        reply != null && reply.hasNonNull("execution_count")
            ? reply.get("execution_count").asInt()
            : null;
    return new ExecutionResult(status, count, collected, ename, evalue, traceback);
  }

  /**
   * A cell's iopub messages as nbformat 4 outputs
   * (https://nbformat.readthedocs.io/en/latest/format_description.html). Consecutive stream output
   * of one name is one output, as nbconvert writes it; its text is gathered in a builder, not
   * copied whole at each message (a cell printing 200,000 lines sends as many).
   */
  private final class Outputs {
    private final List<ObjectNode> outputs = new ArrayList<>();
    private StringBuilder streamText;

    void add(WireCodec.Message m) {
      JsonNode c = m.content();
      ObjectNode o = json.createObjectNode();
      switch (m.msgType()) {
        case "stream" -> {
          String name = c.path("name").asText("stdout");
          ObjectNode last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
          if (streamText != null && name.equals(last.path("name").asText())) {
            streamText.append(c.path("text").asText());
            return;
          }
          endStream();
          o.put("output_type", "stream");
          o.put("name", name);
          streamText = new StringBuilder(c.path("text").asText());
        }
        case "display_data", "update_display_data" -> {
          o.put("output_type", "display_data");
          o.set("data", c.path("data").deepCopy());
          o.set("metadata", metadata(c));
        }
        case "execute_result" -> {
          o.put("output_type", "execute_result");
          o.put("execution_count", c.path("execution_count").asInt());
          o.set("data", c.path("data").deepCopy());
          o.set("metadata", metadata(c));
        }
        case "error" -> {
          o.put("output_type", "error");
          o.put("ename", c.path("ename").asText());
          o.put("evalue", c.path("evalue").asText());
          o.set("traceback", c.path("traceback").deepCopy());
        }
        case "clear_output" -> {
          outputs.clear();
          streamText = null;
          return;
        }
        default -> {
          return;
        }
      }
      if (!"stream".equals(m.msgType())) {
        endStream();
      }
      outputs.add(o);
    }

    private JsonNode metadata(JsonNode c) {
      return c.path("metadata").isObject() ? c.get("metadata").deepCopy() : json.createObjectNode();
    }

    /** Writes the open stream output's gathered text into it. */
    private void endStream() {
      if (streamText != null) {
        outputs.get(outputs.size() - 1).put("text", streamText.toString());
        streamText = null;
      }
    }

    List<ObjectNode> done() {
      endStream();
      return outputs;
    }
  }

  /**
   * Interrupts the running cell: an {@code interrupt_request} on the control channel when the
   * kernelspec asks for message mode, else SIGINT, as Jupyter does.
   */
  public void interrupt() throws IOException {
    if ("message".equals(spec.interruptMode())) {
      send(control, "interrupt_request", json.createObjectNode());
      receive(control, 2000);
    } else {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The kernel's own stdout/stderr so far (for failure messages). */
  public String log() {
    try {
      String s = Files.readString(logFile);
      return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no kernel log: " + e.getMessage() + ")";
    }
  }

  public long pid() {
    return process.pid();
  }

  private String send(ZMQ.Socket socket, String msgType, JsonNode content) {
    String[] id = new String[1];
    List<byte[]> frames = codec.encode(msgType, content, id);
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
    return id[0];
  }

  /**
   * Receives one message, or null if none arrives within {@code millis} (0 = only what is already
   * there).
   */
  private WireCodec.Message receive(ZMQ.Socket socket, int millis) throws IOException {
    socket.setReceiveTimeOut(millis == 0 ? 0 : millis);
    byte[] first = socket.recv(millis == 0 ? ZMQ.DONTWAIT : 0);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return codec.decode(frames);
  }

  /** Asks the kernel to shut down, then makes sure the process is gone. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        ObjectNode content = json.createObjectNode();
        content.put("restart", false);
        send(control, "shutdown_request", content);
        receive(control, 2000);
        // A kernel's shutdown may still be delivering work (a tracking client flushing the run's
        // end to its server); on a loaded machine that takes seconds. Killing it early loses it.
        if (!process.waitFor(SHUTDOWN_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      ChildProcesses.ended(process);
      zmq.close();
      FilesBoundModel.deleteTree(connectionFile);
      FilesBoundModel.deleteTree(logFile);
    }
  }
}
