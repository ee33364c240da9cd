package dev.trackbook.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A notebook-like process for the restart test: logs half of its metrics and flushes them, logs the
 * other half without flushing, says so on stdout and waits to be killed.
 */
public final class ChildLogger {
  public static void main(String[] args) throws Exception {
    String uri = args[0];
    Path journalDir = Path.of(args[1]);
    int points = Integer.parseInt(args[2]);
    boolean exitNormally = args.length > 3 && args[3].equals("exit");
    boolean sending = args.length > 3 && args[3].equals("killsending");
    TrackingClient client =
        TrackingClient.builder()
            .trackingUri(uri)
            .journalDir(journalDir)
            // Nothing is sent unless flush() asks; or, to be killed while sending, all the time.
            .flushInterval(sending ? Duration.ofMillis(5) : Duration.ofMinutes(10))
            .shutdownHook(exitNormally)
            // Generous: the test checks what arrives, not how fast, on a possibly busy machine.
            .flushTimeout(Duration.ofSeconds(60))
            .build();
    client.experiment("restart");
    if (exitNormally) {
      ActiveRun run = client.startRun("exits");
      System.out.println("RUNKEY " + run.localKey());
      for (int i = 0; i < points; i++) {
        client.metric("x", i);
      }
      System.out.println("LOGGED");
      return; // no close(), no flush(): the JVM's shutdown hook has to send it all
    }
    if (args.length > 3 && args[3].equals("share")) {
      // One of several processes logging at once on one journal directory: says its run, logs,
      // flushes, ends the run and exits.
      ActiveRun run = client.startRun("shared");
      System.out.println("RUNKEY " + run.localKey());
      System.out.flush();
      for (int i = 0; i < points; i++) {
        client.metric("x", i);
        client.param("p" + (i % 50), "v" + (i % 50));
      }
      run.end("FINISHED");
      client.close();
      return;
    }
    if (sending) {
      ActiveRun run = client.startRun("killed while sending");
      System.out.println("RUNKEY " + run.localKey());
      for (int i = 0; i < points; i++) {
        client.metric("x", i);
        if (i == points / 4) {
          System.out.println("SENDING"); // the flusher is at work from here on
          System.out.flush();
        }
      }
      client.param("p", "v");
      Thread.sleep(Long.MAX_VALUE);
    }
    ActiveRun run = client.startRun("killed");
    System.out.println("RUNKEY " + run.localKey());
    for (int i = 0; i < points / 2; i++) {
      client.metric("x", i);
    }
    if (!client.flush(Duration.ofSeconds(30))) {
      System.exit(2);
    }
    Thread.sleep(500); // let the flusher settle into its long pause
    for (int i = points / 2; i < points; i++) {
      client.metric("x", i);
    }
    client.param("p", "v");
    System.out.println("LOGGED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
