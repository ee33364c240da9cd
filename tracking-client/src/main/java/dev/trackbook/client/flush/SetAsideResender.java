package dev.trackbook.client.flush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.SetAsideRecord;
import dev.trackbook.client.transport.CredentialsRejectedException;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends the records of a slot's set-aside.jsonl (see {@link Flusher}) once the server is fixed,
 * through the client's own transport, one call per record. What the server takes leaves the file,
 * which is replaced atomically; what still fails stays, each said in one line. A record the server
 * rejects stays too: it may be meant for another server (a mistyped URI answers "no such run"), and
 * only a person can tell.
 *
 * <p>A tag is resent only while its run has no value for it, or the same one: a set-aside tag is
 * older than every call its client sent after setting it aside, and MLflow keeps no time of a tag's
 * value, so a different value on the server now is most likely newer, and resending would overwrite
 * it (tags are last-write-wins). Such a tag stays, said in its line, unless {@code overwrite}. So
 * does a run's end when the run has ended otherwise since (a person stopped it, say): only a run
 * still RUNNING, or one that ended just so, takes it.
 */
public final class SetAsideResender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MlflowRestApi api;
  private final boolean overwrite;
  private final Consumer<String> out;

  /**
   * @param out receives one line per record (resent, kept and why), and a line when the server
   *     cannot be reached at all
   */
  public SetAsideResender(MlflowRestApi api, boolean overwrite, Consumer<String> out) {
    this.api = api;
    this.overwrite = overwrite;
    this.out = out;
  }

  /** How many records were resent (or were on the server already) and how many stay set aside. */
  public record Outcome(int resent, int kept) {}

  /** Resends the set-aside records of a slot this process holds ({@link Journal#openSlot}). */
  public Outcome resend(Journal slot) throws IOException {
    List<String> lines = Journal.readSetAside(slot.directory());
    List<String> kept = new ArrayList<>();
    List<Path> sentCopies = new ArrayList<>();
    int resent = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      SetAsideRecord record;
      try {
        record = SetAsideRecord.parse(line);
      } catch (IOException e) {
        out.accept(
            "kept line "
                + (i + 1)
                + " of "
                + Journal.setAsideFile(slot.directory())
                + ": not a set-aside record ("
                + Flusher.oneLine(e.getMessage())
                + ")");
        kept.add(line);
        continue;
      }
      try {
        if (send(record)) {
          resent++;
          if (record.file() != null) {
            sentCopies.add(record.file());
          }
        } else {
          kept.add(line);
        }
      } catch (ServerUnreachableException e) {
        if (!(e instanceof CredentialsRejectedException) && Flusher.failedOnCall(e)) {
          out.accept(
              "still failing: " + record.describe() + " (" + Flusher.oneLine(e.getMessage()) + ")");
          kept.add(line);
          continue;
        }
        // No answer, a proxy's word for a server that is down, or a refused token: the records
        // after this one would fail alike.
        List<String> rest = lines.subList(i, lines.size());
        out.accept(
            (e instanceof CredentialsRejectedException
                    ? "the tracking server "
                        + api.trackingUri()
                        + " refused the token ("
                        + Flusher.oneLine(e.getMessage())
                        + "); set TRACKBOOK_TRACKING_TOKEN or MLFLOW_TRACKING_TOKEN to a token"
                        + " with write scope"
                    : "tracking server "
                        + api.trackingUri()
                        + " unreachable ("
                        + Flusher.oneLine(e.getMessage())
                        + ")")
                + ": "
                + rest.size()
                + (rest.size() == 1 ? " record stays" : " records stay")
                + " set aside");
        kept.addAll(rest);
        break;
      } catch (RequestRejectedException e) {
        out.accept(
            "the server rejected "
                + record.describe()
                + ": "
                + (e.errorCode() == null ? "" : e.errorCode() + ": ")
                + Flusher.oneLine(e.getMessage())
                + "; kept (delete its line from "
                + Journal.setAsideFile(slot.directory())
                + " to drop it)");
        kept.add(line);
      } catch (IOException | RuntimeException e) {
        // This record's own trouble (its copy unreadable, a reply or a line not as expected):
        // thrown on, it would leave the records resent before it in the file, to be sent again.
        out.accept(
            "kept line "
                + (i + 1)
                + " of "
                + Journal.setAsideFile(slot.directory())
                + ": cannot resend it ("
                + Flusher.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage())
                + ")");
        kept.add(line);
      }
    }
    // The file first: a copy deleted before it would leave a line whose file is gone.
    slot.replaceSetAside(kept);
    for (Path copy : sentCopies) {
      Files.deleteIfExists(copy);
    }
    return new Outcome(resent, kept.size());
  }

  /** Sends one record; false when it is kept without a call (said in its line). */
  private boolean send(SetAsideRecord record) throws IOException, RequestRejectedException {
    String runId = record.runId();
    if (runId == null) {
      out.accept("kept " + record.describe() + ": it names no run on the server");
      return false;
    }
    JournalEntry entry = record.entry();
    if (entry instanceof JournalEntry.MetricLogged m) {
      api.logBatch(
          runId,
          List.of(new MlflowRestApi.MetricPoint(m.key(), m.value(), m.timestamp(), m.step())),
          List.of(),
          List.of());
    } else if (entry instanceof JournalEntry.ParamLogged p) {
      api.logBatch(runId, List.of(), List.of(Map.entry(p.key(), p.value())), List.of());
    } else if (entry instanceof JournalEntry.TagSet t) {
      String current = currentTag(runId, t.key());
      if (t.value().equals(current)) {
        out.accept("resent " + record.describe() + ": the run has this value already");
        return true;
      }
      if (current != null && !overwrite) {
        out.accept(
            "kept "
                + record.describe()
                + ": the run's tag is now '"
                + Flusher.oneLine(current)
                + "', most likely set after this one; --overwrite sends it anyway");
        return false;
      }
      api.logBatch(runId, List.of(), List.of(), List.of(Map.entry(t.key(), t.value())));
    } else if (entry instanceof JournalEntry.RunEnded ended) {
      JsonNode info = currentRun(runId).path("info");
      String status = info.path("status").asText();
      if (ended.status().equals(status) && info.path("end_time").asLong() == ended.endTime()) {
        out.accept("resent " + record.describe() + ": the run has ended so already");
        return true;
      }
      if (!"RUNNING".equals(status) && !overwrite) {
        out.accept(
            "kept "
                + record.describe()
                + ": the run is "
                + status
                + " now, most likely ended after this; --overwrite sends it anyway");
        return false;
      }
      api.updateRun(runId, ended.status(), ended.endTime());
    } else if (entry instanceof JournalEntry.InputLogged input) {
      api.logInput(
          runId, input.name(), input.digest(), input.sourceType(), input.source(), input.context());
    } else if (entry instanceof JournalEntry.ArtifactQueued artifact) {
      if (record.file() == null || !Files.exists(record.file())) {
        out.accept(
            "kept "
                + record.describe()
                + ": its copy "
                + record.file()
                + " is missing, so it cannot be sent");
        return false;
      }
      api.uploadArtifact(api.getRun(runId).artifactUri(), artifact.artifactPath(), record.file());
    } else {
      out.accept("kept " + record.describe() + ": this kind of record is never set aside");
      return false;
    }
    out.accept("resent " + record.describe());
    return true;
  }

  /** The run as runs/get answers it now (MLflow's Run message). */
  private JsonNode currentRun(String runId)
      throws ServerUnreachableException, RequestRejectedException, IOException {
    return JSON.readTree(api.getJson("runs/get?run_id=" + MlflowRestApi.encode(runId))).path("run");
  }

  /** The run's value of a tag now; null when it has none. */
  private String currentTag(String runId, String key)
      throws ServerUnreachableException, RequestRejectedException, IOException {
    for (JsonNode tag : currentRun(runId).path("data").path("tags")) {
      if (key.equals(tag.path("key").asText())) {
        return tag.path("value").asText();
      }
    }
    return null;
  }
}
