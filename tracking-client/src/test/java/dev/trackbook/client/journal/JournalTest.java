package dev.trackbook.client.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path root;
  private static final Path FULL_DISK = Path.of("/dev/full");

  private static final List<JournalEntry> ALL_KINDS =
      List.of(
          new JournalEntry.RunStarted("k1", 1000L, "exp é", null, "run 1", null),
          new JournalEntry.RunStarted("k2", 1001L, null, "7", null, "k1"),
          new JournalEntry.MetricLogged("k2", "loss", 0.25, 1002L, 3L),
          new JournalEntry.MetricLogged("k2", "nan", Double.NaN, 1003L, 0L),
          new JournalEntry.ParamLogged("k2", "lr", "0.01"),
          new JournalEntry.TagSet("k2", "mlflow.note.content", "# note\nwith ünïcode"),
          new JournalEntry.RunEnded("k2", "FAILED", 1004L),
          new JournalEntry.ArtifactQueued("k1", "artifacts/x-model.bin", "models/model.bin"),
          new JournalEntry.InputLogged(
              "k1", "iris", "d1", "local", "{\"uri\":\"iris.csv\"}", null));

  @Test
  void callsAreJournaledWhileALargeArtifactIsStillBeingCopiedIn() throws Exception {
    // A named pipe stands for a large file: the copy cannot end until the test writes it.
    Path pipe = root.resolve("model.fifo");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Journal journal = Journal.open(root.resolve("journal"), 1 << 20)) {
      Future<String> copy = pool.submit(() -> journal.storeCopy(pipe));
      try {
        Future<JournalPosition> metric =
            pool.submit(
                () -> journal.append(new JournalEntry.MetricLogged("k", "loss", 0.5, 1L, 0L)));
        // Seconds to spare on a loaded machine; with the journal locked during the copy it never
        // returns, as the copy waits for the pipe.
        assertThat(metric.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(copy.isDone()).isFalse();
        Files.writeString(pipe, "weights");
        assertThat(Files.readString(journal.storedFile(copy.get(30, TimeUnit.SECONDS))))
            .isEqualTo("weights");
      } finally {
        if (!copy.isDone()) {
          Files.writeString(pipe, ""); // lets a copy that holds the journal go, so it can close
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyEntryKindRoundTripsThroughTheFile() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      for (JournalEntry entry : ALL_KINDS) {
        journal.append(entry);
      }
      JournalChunk chunk = journal.read(journal.committed(), 100);
      assertThat(entries(chunk)).isEqualTo(ALL_KINDS);
      assertThat(chunk.next()).isEqualTo(journal.end());
    }
  }

  @Test
  void readHonoursTheLimitAndResumesFromAnEntryEnd() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      for (JournalEntry entry : ALL_KINDS) {
        journal.append(entry);
      }
      JournalChunk first = journal.read(journal.committed(), 3);
      assertThat(entries(first)).isEqualTo(ALL_KINDS.subList(0, 3));
      JournalChunk rest = journal.read(first.entries().get(2).end(), 100);
      assertThat(entries(rest)).isEqualTo(ALL_KINDS.subList(3, ALL_KINDS.size()));
    }
  }

  @Test
  void theServerIdsOfRunsThatWereSentAndEndedAreForgottenAtTheNextOpen() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      journal.append(new JournalEntry.RunStarted("k1", 1000L, null, "0", "done", null));
      journal.append(new JournalEntry.RunEnded("k1", "FINISHED", 1001L));
      journal.recordResolvedRun("k1", new ResolvedRun("r1", "0", null));
      journal.commit(journal.end());
    }
    Path runs = root.resolve("slot-0").resolve("runs.tsv");
    assertThat(runs).exists();
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      assertThat(reopened.resolvedRun("k1")).isNull();
      assertThat(runs).doesNotExist();
      // The file grows again only with this process's runs.
      reopened.recordResolvedRun("k2", new ResolvedRun("r2", "0", null));
      assertThat(Files.readAllLines(runs)).hasSize(1);
    }
  }

  @Test
  void aRunIdSavedAfterATornLineIsReadByTheNextProcess() throws IOException {
    JournalPosition metric;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      // What a disk that filled up mid-line (a short write, then ENOSPC) or a process killed
      // while writing leaves: the start of a line.
      Files.writeString(journal.directory().resolve("runs.tsv"), "k0\tr0\t0");
      JournalPosition started =
          journal.append(new JournalEntry.RunStarted("k1", 1L, null, "0", null, null));
      metric = journal.append(ALL_KINDS.get(2));
      journal.recordResolvedRun("k1", new ResolvedRun("r1", "0", null));
      journal.commit(started); // the server took the run; its metric not yet
    }
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      assertThat(reopened.read(reopened.committed(), 10).entries())
          .extracting(JournalChunk.Positioned::end)
          .containsExactly(metric);
      assertThat(reopened.resolvedRun("k1")).isEqualTo(new ResolvedRun("r1", "0", null));
      assertThat(reopened.resolvedRun("k0")).isNull(); // the torn line is no run
    }
  }

  @Test
  void aRunIdLineCutShortIsLookedUpAgainNotUsed() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      journal.append(new JournalEntry.RunStarted("k0", 1L, null, "0", null, null));
      // Killed while writing the line, in its artifact URI: four fields, the last one wrong.
      Files.writeString(
          journal.directory().resolve("runs.tsv"), "k0\tr0\t0\tmlflow-artifacts:/0/r");
    }
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      assertThat(reopened.resolvedRun("k0")).isNull();
    }
  }

  @Test
  void aReopenedJournalResumesAfterTheCommittedPosition() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      for (JournalEntry entry : ALL_KINDS) {
        journal.append(entry);
      }
      JournalChunk chunk = journal.read(journal.committed(), 100);
      journal.commit(chunk.entries().get(4).end());
      journal.recordResolvedRun(
          "k2", new ResolvedRun("r2", "7", "mlflow-artifacts:/7/r2/artifacts"));
    }
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      reopened.append(new JournalEntry.MetricLogged("k3", "acc", 0.9, 2000L, 0L));
      List<JournalEntry> pending = entries(reopened.read(reopened.committed(), 100));
      List<JournalEntry> expected = new ArrayList<>(ALL_KINDS.subList(5, ALL_KINDS.size()));
      expected.add(new JournalEntry.MetricLogged("k3", "acc", 0.9, 2000L, 0L));
      assertThat(pending).isEqualTo(expected);
      assertThat(reopened.resolvedRun("k2"))
          .isEqualTo(new ResolvedRun("r2", "7", "mlflow-artifacts:/7/r2/artifacts"));
    }
  }

  @Test
  void aTornTailIsSkippedAndLaterEntriesAreStillRead() throws IOException {
    Path slot;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
      journal.append(ALL_KINDS.get(0));
      journal.append(ALL_KINDS.get(2));
    }
    // What a writer killed in the middle of a record leaves behind: a header and half a payload.
    Path segment = segments(slot).get(0);
    ByteBuffer torn = EntryCodec.encode(ALL_KINDS.get(4), ByteBuffer.allocate(64));
    torn.limit(torn.limit() - 3);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      channel.write(torn);
    }
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      reopened.append(ALL_KINDS.get(6));
      JournalChunk chunk = reopened.read(reopened.committed(), 100);
      assertThat(entries(chunk))
          .containsExactly(ALL_KINDS.get(0), ALL_KINDS.get(2), ALL_KINDS.get(6));
      assertThat(chunk.skipped())
          .containsExactly(
              new JournalChunk.Skipped(
                  segment, Files.size(segment) - torn.limit(), torn.limit(), true));
    }
  }

  @Test
  void aDamagedRecordInTheMiddleOfASegmentCostsOnlyThatRecord() throws IOException {
    Path slot;
    List<JournalPosition> ends = new ArrayList<>();
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
      for (JournalEntry entry : ALL_KINDS) {
        ends.add(journal.append(entry));
      }
    }
    Path segment = segments(slot).get(0);
    long damaged = ends.get(2).offset() + 10; // inside the fourth record's payload
    flipByte(segment, damaged);
    try (Journal reopened = Journal.open(root, 1 << 20)) {
      JournalChunk chunk = reopened.read(reopened.committed(), 100);
      List<JournalEntry> expected = new ArrayList<>(ALL_KINDS);
      expected.remove(3);
      assertThat(entries(chunk)).isEqualTo(expected);
      assertThat(chunk.skipped())
          .containsExactly(
              new JournalChunk.Skipped(
                  segment,
                  ends.get(2).offset(),
                  ends.get(3).offset() - ends.get(2).offset(),
                  false));
    }
  }

  @Test
  void aDamagedRecordInTheSegmentBeingWrittenDoesNotHoldTheRecordsAfterIt() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      JournalPosition first = journal.append(ALL_KINDS.get(0));
      journal.append(ALL_KINDS.get(2));
      journal.append(ALL_KINDS.get(4));
      flipByte(segments(journal.directory()).get(0), first.offset() + 3); // the second's length
      assertThat(entries(journal.read(journal.committed(), 100)))
          .containsExactly(ALL_KINDS.get(0), ALL_KINDS.get(4));
    }
  }

  @Test
  void aDamagedRecordIsNotDecoded() {
    ByteBuffer frame = EntryCodec.encode(ALL_KINDS.get(2), ByteBuffer.allocate(8));
    frame.put(frame.limit() - 1, (byte) (frame.get(frame.limit() - 1) ^ 1));
    assertThat(EntryCodec.decode(frame)).isNull();
    assertThat(frame.position()).isZero();
  }

  @Test
  void segmentsRotateAndAreDeletedOnceAcknowledged() throws IOException {
    try (Journal journal = Journal.open(root, 200)) {
      for (int i = 0; i < 50; i++) {
        journal.append(new JournalEntry.MetricLogged("k", "loss", i, 1000L + i, i));
      }
      assertThat(segments(journal.directory())).hasSizeGreaterThan(5);
      JournalChunk chunk = journal.read(journal.committed(), 1000);
      assertThat(chunk.entries()).hasSize(50);
      assertThat(((JournalEntry.MetricLogged) chunk.entries().get(49).entry()).step())
          .isEqualTo(49);
      journal.commit(chunk.next());
      assertThat(segments(journal.directory())).hasSize(1); // only the one being written
      assertThat(journal.read(journal.committed(), 1000).entries()).isEmpty();
    }
  }

  @Test
  void aJournalClosedWithEverythingAcknowledgedKeepsNoSegment() throws IOException {
    Path slot;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
      journal.append(ALL_KINDS.get(2));
      journal.commit(journal.end());
    }
    assertThat(segments(slot)).isEmpty();
    try (Journal journal = Journal.open(root, 1 << 20)) {
      journal.append(ALL_KINDS.get(3)); // not acknowledged: kept
      assertThat(entries(journal.read(journal.committed(), 10))).containsExactly(ALL_KINDS.get(3));
    }
    assertThat(segments(slot)).hasSize(1);
    try (Journal journal = Journal.open(root, 1 << 20)) {
      assertThat(entries(journal.read(journal.committed(), 10))).containsExactly(ALL_KINDS.get(3));
      journal.commit(journal.read(journal.committed(), 10).next());
    }
    assertThat(segments(slot)).isEmpty();

    // What a process killed after the server acknowledged everything leaves: its segment.
    ByteBuffer frame = EntryCodec.encode(ALL_KINDS.get(4), ByteBuffer.allocate(64));
    Files.write(
        slot.resolve(String.format("segment-%016d.log", 9)),
        java.util.Arrays.copyOf(frame.array(), frame.limit()));
    Files.writeString(slot.resolve("committed"), "9 " + frame.limit() + "\n");
    Journal.open(root, 1 << 20).close(); // the next process, or one that looks for abandoned slots
    assertThat(segments(slot)).isEmpty();
  }

  @Test
  void theServerOfAJournalDirectoryIsKnownFromItsNameWhenItIsAPlainUrl() {
    for (String uri :
        List.of("http://127.0.0.1:5000", "http://localhost:5000", "https://mlflow.example.com")) {
      assertThat(Journal.trackingUriOf(Journal.directoryName(uri))).isEqualTo(uri);
    }
    // The name keeps host and port only: anything more cannot be told from it.
    assertThat(Journal.trackingUriOf(Journal.directoryName("http://host:5000/mlflow"))).isNull();
    assertThat(Journal.trackingUriOf(Journal.directoryName("http://u:pw@host:5000"))).isNull();
    assertThat(Journal.trackingUriOf("not-a-journal")).isNull();
  }

  @Test
  void whatIsNotAcknowledgedIsReadWithoutTakingTheSlotAlsoWhileItIsHeld() throws IOException {
    Path slot;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
      for (JournalEntry entry : ALL_KINDS) {
        journal.append(entry);
      }
      journal.commit(journal.read(journal.committed(), 2).entries().get(1).end());
      assertThat(Journal.inUse(slot)).isTrue();
      List<JournalEntry> pending = new ArrayList<>();
      Journal.forEachUnacknowledged(slot, pending::add);
      assertThat(pending).isEqualTo(ALL_KINDS.subList(2, ALL_KINDS.size()));
      assertThat(Journal.openSlot(slot)).isNull();
    }
    assertThat(Journal.inUse(slot)).isFalse();
    List<JournalEntry> pending = new ArrayList<>();
    Journal.forEachUnacknowledged(slot, pending::add);
    assertThat(pending).isEqualTo(ALL_KINDS.subList(2, ALL_KINDS.size()));
    try (Journal again = Journal.open(root, 1 << 20)) {
      assertThat(again.directory()).isEqualTo(slot); // reading took nothing
    }
  }

  @Test
  void aSegmentItsHolderDeletesWhileItIsReadCountsAsAcknowledged() throws IOException {
    try (Journal holder = Journal.open(root, 1 << 24)) {
      for (int i = 0; i < 6000; i++) { // more than one read's worth, in one segment
        holder.append(new JournalEntry.MetricLogged("k", "loss", i, 1L, i));
      }
      List<JournalEntry> pending = new ArrayList<>();
      Journal.forEachUnacknowledged(
          holder.directory(),
          entry -> {
            if (pending.isEmpty()) {
              // Between two reads: the server takes everything, and the holder's close deletes
              // the segment, as it does once all is acknowledged.
              try {
                holder.commit(holder.end());
                holder.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            pending.add(entry);
          });
      assertThat(pending).hasSize(5000); // what the first read saw; the rest went acknowledged
      assertThat(segments(holder.directory())).isEmpty();
    }
  }

  @Test
  void aSecondOpenerGetsItsOwnSlot() throws IOException {
    try (Journal first = Journal.open(root, 1 << 20);
        Journal second = Journal.open(root, 1 << 20)) {
      assertThat(first.directory()).isNotEqualTo(second.directory());
      first.append(ALL_KINDS.get(0));
      assertThat(second.read(second.committed(), 10).entries()).isEmpty();
    }
    try (Journal again = Journal.open(root, 1 << 20)) {
      assertThat(entries(again.read(again.committed(), 10))).containsExactly(ALL_KINDS.get(0));
    }
  }

  @Test
  void freeSlotsWithUnsentEntriesAreFoundForAdoption() throws IOException {
    try (Journal first = Journal.open(root, 1 << 20);
        Journal second = Journal.open(root, 1 << 20);
        Journal third = Journal.open(root, 1 << 20)) {
      first.append(ALL_KINDS.get(0));
      third.append(ALL_KINDS.get(2));
      third.append(ALL_KINDS.get(3));
      JournalChunk sent = third.read(third.committed(), 1);
      third.commit(sent.entries().get(0).end()); // one of the two acknowledged
    }
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(next.directory().getFileName().toString()).isEqualTo("slot-0");
      List<Journal> adopted = Journal.openAbandoned(root, 1 << 20);
      try {
        // slot-0 is held by "next", slot-1 has nothing pending, slot-2 has one entry left
        assertThat(adopted).hasSize(1);
        assertThat(adopted.get(0).directory().getFileName().toString()).isEqualTo("slot-2");
        assertThat(entries(adopted.get(0).read(adopted.get(0).committed(), 10)))
            .containsExactly(ALL_KINDS.get(3));
      } finally {
        for (Journal journal : adopted) {
          journal.close();
        }
      }
    }
  }

  @Test
  void runsAProcessStartedAndNeverEndedAreFoundByTheNextOwnerOfItsSlot() throws IOException {
    long before = System.currentTimeMillis() - 1000; // file times may be rounded to the second
    try (Journal died = Journal.open(root, 1 << 20)) {
      died.append(new JournalEntry.RunStarted("parent", 1L, null, "0", null, null));
      died.append(new JournalEntry.RunStarted("child", 2L, null, "0", null, "parent"));
      died.append(new JournalEntry.RunStarted("done", 3L, null, "0", null, null));
      died.append(new JournalEntry.RunEnded("done", "FINISHED", 4L));
      died.commit(died.read(died.committed(), 10).next()); // the server has every record
    } // closed without ending two runs: what kill -9 leaves

    // Nothing is unsent, yet the slot is adopted: its runs still need an end.
    List<Journal> adopted = Journal.openAbandoned(root, 1 << 20);
    try {
      assertThat(adopted).hasSize(1);
      Journal slot = adopted.get(0);
      assertThat(slot.runsLeftOpen()).containsExactly(entry("parent", 1L), entry("child", 2L));
      assertThat(slot.lastWriteBefore()).isBetween(before, System.currentTimeMillis());
      slot.append(new JournalEntry.RunEnded("child", "KILLED", slot.lastWriteBefore()));
      slot.append(new JournalEntry.RunEnded("parent", "KILLED", slot.lastWriteBefore()));
    } finally {
      for (Journal journal : adopted) {
        journal.close();
      }
    }
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(next.runsLeftOpen()).isEmpty();
    }
  }

  @Test
  void closingRewritesTheOpenRunsSoAnEndedRunIsNeverLeftListed() throws IOException {
    Path slot;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
      journal.append(new JournalEntry.RunStarted("kept", 1L, null, "0", null, null));
      journal.append(new JournalEntry.RunStarted("ended", 2L, null, "0", null, null));
      // As a write that failed (or a cell stopped before it) would leave the file.
      Files.writeString(slot.resolve("open-runs"), "kept\t1\nended\t2\n");
      journal.append(new JournalEntry.RunEnded("ended", "FINISHED", 3L));
      Files.writeString(slot.resolve("open-runs"), "kept\t1\nended\t2\n");
    }
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(next.runsLeftOpen()).containsOnlyKeys("kept");
      next.append(new JournalEntry.RunEnded("kept", "KILLED", 4L));
    }
    assertThat(slot.resolve("open-runs")).doesNotExist(); // nothing open: no file
  }

  @Test
  void aKeyWithoutAStartIsStillARunLeftOpen() throws IOException {
    Path slot;
    try (Journal journal = Journal.open(root, 1 << 20)) {
      slot = journal.directory();
    }
    Files.writeString(slot.resolve("open-runs"), "older-format-key\n");
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(next.runsLeftOpen()).containsExactly(entry("older-format-key", 0L));
    }
  }

  @Test
  void anotherProcessNeverGetsTheSlotThisOneHolds() throws Exception {
    try (Journal mine = Journal.open(root, 1 << 20)) {
      // What every client does after opening its own slot: look for abandoned ones, probing
      // slot-0 too. Closing a probe channel on a held lock file used to drop the process's lock.
      assertThat(Journal.openAbandoned(root, 1 << 20)).isEmpty();
      assertThat(mine.directory().getFileName().toString()).isEqualTo("slot-0");

      Process other =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SlotProbe.class.getName(),
                  root.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(other.getInputStream().readAllBytes()).strip();
      assertThat(other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(other.exitValue()).isZero();
      assertThat(out).isEqualTo("slot-1");
    }
  }

  @Test
  void aClosedJournalCommitsNothing() throws IOException {
    Journal journal = Journal.open(root, 1 << 20);
    JournalPosition after = journal.append(ALL_KINDS.get(0));
    journal.close();
    assertThatThrownBy(() -> journal.commit(after)).hasMessageContaining("is closed");
    try (Journal again = Journal.open(root, 1 << 20)) {
      assertThat(entries(again.read(again.committed(), 10))).containsExactly(ALL_KINDS.get(0));
    }
  }

  @Test
  void anOversizedEntryIsRefusedAndTheJournalGoesOn() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      JournalEntry huge =
          new JournalEntry.RunStarted(
              "k", 1L, "e".repeat(EntryCodec.MAX_PAYLOAD_BYTES), null, null, null);
      assertThatThrownBy(() -> journal.append(huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("larger than the journal allows");
      journal.append(ALL_KINDS.get(2));
      assertThat(entries(journal.read(journal.committed(), 10))).containsExactly(ALL_KINDS.get(2));
    }
  }

  @Test
  void storedCopiesDoNotFollowLaterEdits() throws IOException {
    Path file = Files.writeString(root.resolve("report.txt"), "v1");
    try (Journal journal = Journal.open(root.resolve("j"), 1 << 20)) {
      String stored = journal.storeCopy(file);
      Files.writeString(file, "v2");
      assertThat(Files.readString(journal.storedFile(stored))).isEqualTo("v1");
    }
  }

  @Test
  void entriesTheDiskRefusesAreReadFromMemoryUntilCommittedThenTheDiskIsTriedAgain()
      throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      journal.append(ALL_KINDS.get(0));
    }
    try (Journal journal = Journal.open(root, 1 << 20)) {
      fillUp(journal);
      journal.append(ALL_KINDS.get(2));
      journal.append(ALL_KINDS.get(3));
      assertThat(journal.spillCause()).isNotNull();
      JournalChunk chunk = journal.read(journal.committed(), 100);
      assertThat(entries(chunk))
          .containsExactly(ALL_KINDS.get(0), ALL_KINDS.get(2), ALL_KINDS.get(3));
      journal.commit(chunk.entries().get(1).end()); // the server took one of the two
      journal.append(ALL_KINDS.get(4)); // still behind the one in memory
      assertThat(entries(journal.read(journal.committed(), 100)))
          .containsExactly(ALL_KINDS.get(3), ALL_KINDS.get(4));
      journal.commit(journal.end());
      assertThat(journal.read(journal.committed(), 100).entries()).isEmpty();

      journal.append(ALL_KINDS.get(5)); // all sent: the disk again, on a new segment
      assertThat(journal.spillCause()).isNull();
      assertThat(entries(journal.read(journal.committed(), 100))).containsExactly(ALL_KINDS.get(5));
    }
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(entries(next.read(next.committed(), 100))).containsExactly(ALL_KINDS.get(5));
    }
  }

  @Test
  void theCommittedFileNeverPassesARunWhoseServerIdTheDiskRefused() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      Path runs = journal.directory().resolve("runs.tsv");
      Path committedFile = journal.directory().resolve("committed");
      Files.createSymbolicLink(runs, FULL_DISK);
      journal.append(new JournalEntry.RunStarted("k1", 1L, null, "0", null, null));
      JournalPosition sent = journal.append(ALL_KINDS.get(2));
      journal.recordResolvedRun("k1", new ResolvedRun("r1", "0", null));
      journal.commit(sent);
      assertThat(journal.committed()).isEqualTo(sent); // this process goes on from memory
      assertThat(journal.resolvedRun("k1")).isEqualTo(new ResolvedRun("r1", "0", null));
      // The next process would start after the run's creation without knowing the run.
      assertThat(committedFile).doesNotExist();

      Files.delete(runs); // room on the disk again
      JournalPosition more = journal.append(ALL_KINDS.get(3));
      journal.commit(more);
      assertThat(Files.readAllLines(runs)).containsExactly("k1\tr1\t0\t");
      assertThat(Files.readString(committedFile))
          .isEqualTo(more.segment() + " " + more.offset() + "\n");
    }
  }

  @Test
  void aRecordOnDiskAgainAfterASpillHasItsRunsServerIdOnDiskFirst() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      Path runs = journal.directory().resolve("runs.tsv");
      fillUp(journal);
      Files.createSymbolicLink(runs, FULL_DISK);
      journal.append(new JournalEntry.RunStarted("k1", 1L, null, "0", null, null)); // in memory
      journal.recordResolvedRun("k1", new ResolvedRun("r1", "0", null)); // its id: refused
      journal.commit(journal.end()); // the server has the run: its creation leaves memory
      Files.delete(runs); // room on the disk again
      journal.append(new JournalEntry.MetricLogged("k1", "loss", 0.5, 2L, 0L)); // on disk
      // Killed now (before the server takes the metric), the next process would read the metric
      // with the run's creation nowhere, and drop it, unless the run's id is on disk.
      assertThat(Files.readAllLines(runs)).containsExactly("k1\tr1\t0\t");
      journal.commit(journal.end());
    }
  }

  @Test
  void aDiskThatStaysFullCostsNoFileDescriptorPerRetry() throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      long first = journal.end().segment();
      for (long segment = first; segment < first + 200; segment++) {
        Files.createSymbolicLink(
            journal.directory().resolve(String.format("segment-%016d.log", segment)), FULL_DISK);
      }
      journal.append(ALL_KINDS.get(2));
      long before = openFileDescriptors();
      for (int i = 0; i < 150; i++) { // each: sent, so the disk is tried again, on a new segment
        journal.commit(journal.end());
        journal.append(ALL_KINDS.get(2));
        assertThat(journal.spillCause()).isNotNull();
      }
      assertThat(openFileDescriptors()).isLessThan(before + 10);
      journal.commit(journal.end()); // else close() says the last one is lost, the disk being full
    }
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void entriesStillInMemoryAtCloseAreWrittenForTheNextProcessIfTheDiskTakesThemThen()
      throws IOException {
    try (Journal journal = Journal.open(root, 1 << 20)) {
      fillUp(journal);
      journal.append(ALL_KINDS.get(2));
      journal.append(ALL_KINDS.get(3));
      journal.commit(journal.read(journal.committed(), 1).entries().get(0).end());
      assertThat(journal.spillCause()).isNotNull();
    } // the server took the first; the disk has room again by now (segment 2 is a real file)
    try (Journal next = Journal.open(root, 1 << 20)) {
      assertThat(entries(next.read(next.committed(), 100))).containsExactly(ALL_KINDS.get(3));
    }
  }

  @Test
  void aJournalInMemoryIsReadFromMemoryOnlyWhateverItsEndSays() throws IOException {
    // What the flusher met when a call was appended between its look at memory (just emptied by
    // its commit) and its look at the end: an end past where it reads from, nothing in memory
    // before it. Read as bytes on a disk there is none of, that was a NullPointerException.
    try (Journal journal = Journal.inMemory()) {
      JournalPosition first = journal.append(ALL_KINDS.get(2));
      journal.commit(journal.append(ALL_KINDS.get(3)));
      JournalChunk none = journal.read(first, 10);
      assertThat(none.entries()).isEmpty();
      assertThat(none.next()).isEqualTo(first);
      journal.append(ALL_KINDS.get(4));
      assertThat(entries(journal.read(first, 10))).containsExactly(ALL_KINDS.get(4));
      journal.commit(journal.end());
    }
  }

  /** Makes the segment the journal writes next a disk that is always full (Linux: ENOSPC). */
  private static void fillUp(Journal journal) throws IOException {
    Files.createSymbolicLink(
        journal.directory().resolve(String.format("segment-%016d.log", journal.end().segment())),
        FULL_DISK);
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
      channel.write(one, offset);
    }
  }

  private static List<JournalEntry> entries(JournalChunk chunk) {
    return chunk.entries().stream().map(JournalChunk.Positioned::entry).toList();
  }

  private static List<Path> segments(Path slot) throws IOException {
    try (Stream<Path> files = Files.list(slot)) {
      return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
  }
}
