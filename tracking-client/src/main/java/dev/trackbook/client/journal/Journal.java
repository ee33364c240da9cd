package dev.trackbook.client.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The client's on-disk journal: an append-only sequence of segment files plus a committed position
 * (how far the server has acknowledged). One process owns a journal at a time, through a file lock
 * on a "slot" directory; a second process on the same root takes the next free slot, and a process
 * started later takes over whatever an earlier one left unacknowledged.
 *
 * <p>Appends are plain {@code write} calls without {@code fsync}: once {@code write} returns the
 * bytes are in the OS page cache, which survives a crash of the JVM (the case that matters for a
 * notebook kernel); only a crash of the whole machine can lose the last records, and an fsync per
 * metric would cost milliseconds on the caller's thread. The server-side id of each run (runs.tsv)
 * is synced, once per run.
 */
public final class Journal implements AutoCloseable {
  private static final int MAX_SLOTS = 64;
  private static final int READ_CHUNK_BYTES = 2 * EntryCodec.MAX_PAYLOAD_BYTES;
  private static final String SEGMENT_PREFIX = "segment-";
  private static final String SEGMENT_SUFFIX = ".log";
  private static final String COMMITTED_FILE = "committed";
  private static final String RUNS_FILE = "runs.tsv";
  // Runs started in this slot and not ended yet, "key<TAB>start time" per line, replaced as runs
  // start and end and at close: what is still there when the next process opens the slot, its
  // owner never ended (kill -9).
  private static final String OPEN_RUNS_FILE = "open-runs";
  // How often the server failed on records still waiting (see RecordFailures), one line each:
  // "segment offset failures sinceMillis [set-aside]". On disk because the span a record must fail
  // over before
  // it is set aside outlives a pipeline or a smoke test: each would start counting anew, and a
  // record the server always fails on would hold the slot's later calls for good.
  private static final String FAILURES_FILE = "failures";
  private static final String SET_ASIDE = "set-aside";
  private static final String ARTIFACTS_DIR = "artifacts";
  private static final String INCOMING_COPY = "incoming.tmp";
  // Records the server failed on every time while it served others, one JSON object a line, and
  // the artifacts among them: kept for a person (or a tool) to send once the server is fixed.
  private static final String SET_ASIDE_FILE = "set-aside.jsonl";
  private static final String SET_ASIDE_DIR = "set-aside";
  // Left out of lastWrite(): a tool touches them too (resending what was set aside), so their times
  // say nothing of when the slot's process died.
  private static final Set<String> NOT_WRITTEN_BY_LOGGING =
      Set.of("lock", SET_ASIDE_FILE, SET_ASIDE_FILE + ".tmp", SET_ASIDE_DIR);
  private static final int COPY_BUFFER_BYTES = 64 * 1024;
  // About 10-20 MB of calls: a notebook on a full disk keeps logging for a good while, and one
  // that runs on longer without a server is told its calls are dropped rather than run out of heap.
  public static final int MAX_SPILLED_ENTRIES = 100_000;

  // The slots this JVM holds. A lock file this JVM locked must never get a second channel: POSIX
  // record locks belong to the process, and closing any descriptor of the file drops them all, so
  // probing a held slot (openAbandoned does) would let another process into it and both would write
  // the same segments.
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path heldKey;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final long maxSegmentBytes;
  private final Map<String, ResolvedRun> resolvedRuns = new ConcurrentHashMap<>();
  private final Map<String, Long> openRuns = new LinkedHashMap<>(); // guarded by this
  private final Map<String, Long> runsLeftOpen;
  private final long lastWriteBefore;

  // Not a FileChannel: those are interruptible, and a notebook interrupt landing in write() would
  // close the channel for good (ClosedByInterruptException), losing every later call.
  private RandomAccessFile writer;
  private ByteBuffer encodeBuffer = ByteBuffer.allocate(4096);
  private volatile JournalPosition end;
  private volatile JournalPosition committed;
  private boolean closed;
  // What the committed file says; committed may be ahead of it while the disk refuses writes.
  private JournalPosition persistedCommitted;
  // runs.tsv lines the disk refused, written with the next commit. Guarded by this.
  private final StringBuilder unsavedRuns = new StringBuilder();
  // Entries the disk refused (full, or the file cannot be written), in order, at virtual positions
  // right after the last bytes on disk (offsets 1, 2, ... past spillStart): the flusher reads and
  // commits them like any other, so logging goes on while the server takes them. Guarded by this.
  private final ArrayDeque<JournalChunk.Positioned> spilled = new ArrayDeque<>();
  private final Object copyLock = new Object(); // see storeCopy
  private volatile JournalPosition spillStart; // where spilled entries begin; null when none wait
  private IOException spillCause; // the disk's refusal; null while appends reach the disk

  /** A journal in memory only: see {@link #inMemory}. */
  private Journal() {
    this.dir = null;
    this.heldKey = null;
    this.lockChannel = null;
    this.lock = null;
    this.maxSegmentBytes = 0;
    this.committed = new JournalPosition(0, 0);
    this.persistedCommitted = committed;
    this.end = committed;
    this.runsLeftOpen = Map.of();
    this.lastWriteBefore = 0;
    this.spillCause = new IOException("there is no journal directory");
  }

  /**
   * A slot read as it is on disk, perhaps while another process holds it (see {@link
   * #forEachUnacknowledged}): it is closed from the start, so nothing can be appended or committed.
   */
  private Journal(Path dir) throws IOException {
    this.dir = dir;
    this.heldKey = null;
    this.lockChannel = null;
    this.lock = null;
    this.maxSegmentBytes = 0;
    this.committed = readCommitted();
    this.persistedCommitted = committed;
    this.runsLeftOpen = Map.of();
    this.lastWriteBefore = 0;
    TreeSet<Long> segments = segmentNumbers();
    JournalPosition last = committed;
    if (!segments.isEmpty()) {
      try {
        last = new JournalPosition(segments.last(), Files.size(segmentFile(segments.last())));
      } catch (NoSuchFileException gone) {
        // Its holder deleted it since the listing, as it does once all up to it is acknowledged.
      }
    }
    this.end = last;
    this.closed = true;
  }

  private Journal(
      Path dir, Path heldKey, FileChannel lockChannel, FileLock lock, long maxSegmentBytes)
      throws IOException {
    this.dir = dir;
    this.heldKey = heldKey;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.maxSegmentBytes = maxSegmentBytes;
    this.committed = readCommitted();
    this.persistedCommitted = committed;
    this.runsLeftOpen = readOpenRuns();
    openRuns.putAll(runsLeftOpen);
    // Only asked when runs were left open: most opens find none, and need not stat every file.
    this.lastWriteBefore = runsLeftOpen.isEmpty() ? 0 : lastWrite();
    // Never append to a segment an earlier process wrote: its tail may be torn. Readers skip a
    // torn tail and move on to the next segment.
    TreeSet<Long> segments = segmentNumbers();
    long next = Math.max(committed.segment() + 1, segments.isEmpty() ? 1 : segments.last() + 1);
    end = new JournalPosition(next, 0); // the file is created by the first append
    if (runsLeftOpen.isEmpty() && read(committed, 1).entries().isEmpty()) {
      // Everything earlier processes wrote reached the server and they ended their runs: nothing
      // this process appends can name one of those runs, so their server ids (a line per run ever
      // made in this slot, read at every open) go.
      Files.deleteIfExists(dir.resolve(RUNS_FILE));
    } else {
      loadResolvedRuns();
    }
  }

  /**
   * Opens (creating if needed) the first journal slot under {@code root} that no other process or
   * {@code Journal} holds.
   */
  public static Journal open(Path root, long maxSegmentBytes) throws IOException {
    Files.createDirectories(root);
    for (int slot = 0; slot < MAX_SLOTS; slot++) {
      Journal journal = tryOpen(root.resolve("slot-" + slot), maxSegmentBytes);
      if (journal != null) {
        return journal;
      }
    }
    throw new IOException("all " + MAX_SLOTS + " journal slots under " + root + " are in use");
  }

  /**
   * The directory under the journal root that keeps the journal of one server: its host and port
   * for people, and a hash of the whole URI, since entries name runs of the server they were
   * created for.
   */
  public static String directoryName(String trackingUri) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(trackingUri.getBytes(StandardCharsets.UTF_8));
      URI uri = URI.create(trackingUri);
      String host = uri.getHost() == null ? "server" : uri.getHost();
      String readable =
          (host + (uri.getPort() < 0 ? "" : "_" + uri.getPort())).replaceAll("[^\\w.-]", "_");
      return readable + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The tracking URI a server's journal directory was named for ({@link #directoryName}), when it
   * was a plain {@code http(s)://host[:port]}: the name keeps only host and port, so each such URI
   * is tried against its hash. Null for any other (a path after the host, credentials in it).
   */
  public static String trackingUriOf(String directoryName) {
    int dash = directoryName.lastIndexOf('-');
    if (dash < 0) {
      return null;
    }
    String readable = directoryName.substring(0, dash);
    List<String> hosts = new ArrayList<>();
    hosts.add(readable);
    int underscore = readable.lastIndexOf('_');
    if (underscore > 0 && readable.substring(underscore + 1).matches("\\d+")) {
      hosts.add(readable.substring(0, underscore) + ":" + readable.substring(underscore + 1));
    }
    for (String host : hosts) {
      for (String scheme : List.of("http://", "https://")) {
        String candidate = scheme + host;
        try {
          if (directoryName(candidate).equals(directoryName)) {
            return candidate;
          }
        } catch (IllegalArgumentException notAUri) {
          // a host name no URI can carry: not this candidate
        }
      }
    }
    return null;
  }

  /** The slot directories ({@code slot-N}) under a server's journal directory, in slot order. */
  public static List<Path> slots(Path serverDirectory) throws IOException {
    List<Path> slots = new ArrayList<>();
    for (int slot = 0; slot < MAX_SLOTS; slot++) {
      Path dir = serverDirectory.resolve("slot-" + slot);
      if (Files.isDirectory(dir)) {
        slots.add(dir);
      }
    }
    return slots;
  }

  /**
   * Opens one slot for a tool that works on it (resending what was set aside), holding it as a
   * client does; null while another process or {@code Journal} holds it.
   */
  public static Journal openSlot(Path slot) throws IOException {
    // Nothing is appended through it: the segment size only matters for appends.
    return tryOpen(slot, EntryCodec.MAX_PAYLOAD_BYTES);
  }

  /**
   * Whether a process (this one included) holds the slot: a notebook kernel or pipeline using it
   * now. Probing is safe in a process that holds no slot of its own elsewhere on the lock file,
   * which {@link #HELD} guards.
   */
  public static boolean inUse(Path slot) throws IOException {
    Path lockFile = slot.resolve("lock");
    if (!Files.exists(lockFile)) {
      return false;
    }
    if (HELD.contains(slot.toRealPath())) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  /**
   * Calls {@code action} with each entry of the slot the server has not acknowledged yet, as the
   * slot is on disk now; a slot another process holds is read too (what it appends meanwhile may or
   * may not be seen; a segment it deletes meanwhile was acknowledged). Damaged bytes are passed
   * over, as the flusher does.
   */
  public static void forEachUnacknowledged(Path slot, Consumer<JournalEntry> action)
      throws IOException {
    forEachUnacknowledgedAt(slot, p -> action.accept(p.entry()));
  }

  /** {@link #forEachUnacknowledged}, with where each entry ends (as {@link #readFailures} keys). */
  public static void forEachUnacknowledgedAt(Path slot, Consumer<JournalChunk.Positioned> action)
      throws IOException {
    Journal view = new Journal(slot);
    JournalPosition from = view.committed;
    while (true) {
      JournalChunk chunk = view.read(from, 5000);
      chunk.entries().forEach(action);
      if (chunk.entries().isEmpty() || !from.isBefore(chunk.next())) {
        return;
      }
      from = chunk.next();
    }
  }

  /** The file of records set aside in a slot (see {@link #SET_ASIDE_FILE}). */
  public static Path setAsideFile(Path slot) {
    return slot.resolve(SET_ASIDE_FILE);
  }

  /** The lines of the slot's set-aside file; none when there is no such file. */
  public static List<String> readSetAside(Path slot) throws IOException {
    Path file = setAsideFile(slot);
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .toList();
  }

  /**
   * Replaces the set-aside file with {@code lines} (the records still to resend), atomically: a
   * process stopped midway leaves the old file or the new one. No lines: the file goes.
   */
  public synchronized void replaceSetAside(List<String> lines) throws IOException {
    Path file = setAsideFile(dir);
    if (lines.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    replace(file, String.join("\n", lines) + "\n");
  }

  /**
   * A journal that keeps every call in memory, as a full disk does (at most {@value
   * #MAX_SPILLED_ENTRIES} calls waiting for the server), for a process that can write no journal
   * directory at all; what the server has not taken when it closes is lost.
   */
  public static Journal inMemory() {
    return new Journal();
  }

  /**
   * Opens every other free slot under {@code root} that still holds unacknowledged entries: what a
   * crashed process left in a slot the next process would not pick (two kernels ran at once, the
   * second one crashed).
   */
  public static List<Journal> openAbandoned(Path root, long maxSegmentBytes) throws IOException {
    List<Journal> abandoned = new ArrayList<>();
    try {
      for (int slot = 0; slot < MAX_SLOTS; slot++) {
        Path dir = root.resolve("slot-" + slot);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        Journal journal = tryOpen(dir, maxSegmentBytes);
        if (journal == null) {
          continue;
        }
        boolean pending;
        try {
          pending = !journal.read(journal.committed(), 1).entries().isEmpty();
        } catch (IOException | RuntimeException e) {
          journal.close();
          throw e;
        }
        if (pending || !journal.runsLeftOpen().isEmpty()) {
          abandoned.add(journal);
        } else {
          journal.close();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not adopted after all: free the slots for a later client instead of holding them.
      for (Journal j : abandoned) {
        try {
          j.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return abandoned;
  }

  private static Journal tryOpen(Path dir, long maxSegmentBytes) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.toRealPath();
    if (!HELD.add(key)) {
      return null; // this JVM holds it: see HELD
    }
    boolean opened = false;
    try {
      FileChannel channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // only tryOpen locks slots, and HELD keeps it from a second try
      } catch (IOException | RuntimeException e) {
        channel.close(); // now, not by a cleaner after the slot was locked through another channel
        throw e;
      }
      if (lock == null) {
        channel.close(); // another process holds it; we held nothing on this file to lose
        return null;
      }
      try {
        Journal journal = new Journal(dir, key, channel, lock, maxSegmentBytes);
        opened = true;
        return journal;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } finally {
      if (!opened) {
        HELD.remove(key);
      }
    }
  }

  /** The slot's directory; null for a journal {@link #inMemory in memory}. */
  public Path directory() {
    return dir;
  }

  /**
   * Where calls the server has not taken are kept now, for a user's message: "in DIR", or in memory
   * and why.
   */
  public synchronized String whereKept() {
    if (dir == null) {
      return "in memory only (up to " + MAX_SPILLED_ENTRIES + " calls; no journal directory)";
    }
    if (spillCause != null) {
      return "in "
          + dir
          + " and, while its disk refuses them, in memory (up to "
          + MAX_SPILLED_ENTRIES
          + " calls)";
    }
    return "in " + dir;
  }

  /**
   * Appends one entry; returns the position right after it.
   *
   * @throws IllegalArgumentException when the entry is too large to journal (over 1 MiB)
   */
  public synchronized JournalPosition append(JournalEntry entry) throws IOException {
    if (closed) {
      throw new IOException("journal " + dir + " is closed");
    }
    encodeBuffer = EntryCodec.encode(entry, encodeBuffer);
    int length = encodeBuffer.remaining();
    if (length - EntryCodec.HEADER_BYTES > EntryCodec.MAX_PAYLOAD_BYTES) {
      // A reader takes a larger frame for damage; refuse it here rather than stall the journal.
      encodeBuffer = ByteBuffer.allocate(4096);
      throw new IllegalArgumentException(
          "an entry of " + length + " bytes is larger than the journal allows");
    }
    JournalPosition after;
    if (dir == null || (spillCause != null && !spilled.isEmpty())) {
      after = spill(entry, spillCause); // behind the spilled ones, until the server took them
    } else {
      try {
        if (spillCause != null) {
          // The server ids of runs created from memory first: else a process killed before the
          // next commit leaves records on disk whose run's creation is neither there nor known.
          saveRuns();
        }
        // After a spill, on a new segment: the virtual positions used the rest of the old one.
        after = writeToDisk(length, spillCause != null);
        spillCause = null;
        // Nothing waits in memory here: a spill start left by a cell stopped (Thread.stop) inside
        // spill() would otherwise hide everything written after it from the reader.
        spillStart = null;
      } catch (IOException e) {
        after = spill(entry, e);
      }
    }
    end = after;
    if (entry instanceof JournalEntry.RunStarted started) {
      openRuns.put(started.runKey(), started.startTime());
      writeOpenRuns();
    } else if (entry instanceof JournalEntry.RunEnded ended
        && openRuns.remove(ended.runKey()) != null) {
      writeOpenRuns();
    }
    return after;
  }

  /**
   * Whether calls are kept in memory because the disk refused them, and why: the caller says so
   * once. Null while appends reach the disk.
   */
  public synchronized IOException spillCause() {
    return spillCause;
  }

  private JournalPosition writeToDisk(int length, boolean newSegment) throws IOException {
    JournalPosition current = end;
    if (newSegment
        || (writer != null
            && current.offset() > 0
            && current.offset() + length > maxSegmentBytes)) {
      openSegment(current.segment() + 1);
      current = end;
    } else if (writer == null) {
      openSegment(current.segment());
    }
    try {
      writer.write(encodeBuffer.array(), encodeBuffer.position(), length);
    } catch (IOException e) {
      // A disk that filled up mid-frame leaves a torn frame in the live segment, where readers
      // wait for the rest instead of skipping: cut it off so later entries can be read.
      try {
        writer.setLength(current.offset());
        writer.seek(current.offset());
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
    // The file's own position, not current + length: if the thread was stopped (JShell stops a
    // cell with Thread.stop) between an earlier write and this line, this puts it right again.
    return new JournalPosition(current.segment(), writer.getFilePointer());
  }

  private JournalPosition spill(JournalEntry entry, IOException cause) throws IOException {
    if (spilled.size() >= MAX_SPILLED_ENTRIES) {
      throw new IOException(
          MAX_SPILLED_ENTRIES
              + " calls already wait in memory for the server (the journal cannot be written: "
              + cause.getMessage()
              + ")",
          cause);
    }
    if (spilled.isEmpty()) {
      spillStart = end;
    }
    spillCause = cause;
    JournalPosition last = spilled.isEmpty() ? end : spilled.getLast().end();
    JournalPosition after = new JournalPosition(last.segment(), last.offset() + 1);
    spilled.addLast(new JournalChunk.Positioned(entry, after));
    return after;
  }

  private synchronized List<JournalChunk.Positioned> spilledAfter(JournalPosition from, int max) {
    List<JournalChunk.Positioned> entries = new ArrayList<>();
    for (JournalChunk.Positioned p : spilled) {
      if (entries.size() == max) {
        break;
      }
      if (from.isBefore(p.end())) {
        entries.add(p);
      }
    }
    return entries;
  }

  /**
   * The runs an earlier owner of this slot started and never ended: its process died (kill -9, a
   * crash) while they were active, so no exit hook ended them. Appending their {@link
   * JournalEntry.RunEnded} removes them from the slot's open runs.
   *
   * @return run key to start time (epoch millis), in the order the runs started
   */
  public Map<String, Long> runsLeftOpen() {
    return runsLeftOpen;
  }

  /**
   * When an earlier process last wrote to this slot (epoch millis; 0 when it left no runs open):
   * about when it died.
   */
  public long lastWriteBefore() {
    return lastWriteBefore;
  }

  /** The position after the last appended entry. */
  public JournalPosition end() {
    return end;
  }

  /** How far the server has acknowledged. */
  public JournalPosition committed() {
    return committed;
  }

  /** Reads entries from {@code from} on, at most {@code maxEntries}, without blocking. */
  public JournalChunk read(JournalPosition from, int maxEntries) throws IOException {
    if (dir == null) {
      // All there is waits in memory. Not told by spillStart and end below: read apart, a commit
      // that emptied memory and an append in between send the read to a disk there is none of.
      List<JournalChunk.Positioned> inMemory = spilledAfter(from, maxEntries);
      return new JournalChunk(
          inMemory, inMemory.isEmpty() ? from : inMemory.get(inMemory.size() - 1).end(), List.of());
    }
    List<JournalChunk.Positioned> entries = new ArrayList<>();
    List<JournalChunk.Skipped> skipped = new ArrayList<>();
    JournalPosition position = from;
    while (entries.size() < maxEntries) {
      JournalPosition spillFrom = spillStart;
      JournalPosition limit = spillFrom != null ? spillFrom : end;
      if (!position.isBefore(limit)) {
        if (spillFrom != null) {
          List<JournalChunk.Positioned> inMemory =
              spilledAfter(position, maxEntries - entries.size());
          if (!inMemory.isEmpty()) {
            entries.addAll(inMemory);
            position = inMemory.get(inMemory.size() - 1).end();
          }
        }
        break;
      }
      boolean currentSegment = position.segment() == limit.segment();
      Path file = segmentFile(position.segment());
      try {
        long segmentEnd;
        if (currentSegment) {
          segmentEnd = limit.offset();
        } else if (!Files.exists(file) || position.offset() >= Files.size(file)) {
          position = nextSegmentStart(position.segment());
          continue;
        } else {
          segmentEnd = Files.size(file);
        }
        int toRead = (int) Math.min(READ_CHUNK_BYTES, segmentEnd - position.offset());
        ByteBuffer buffer = ByteBuffer.allocate(toRead);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, position.offset() + buffer.position()) < 0) {
              break;
            }
          }
        }
        buffer.flip();
        long base = position.offset();
        boolean chunkReachesEnd = base + buffer.limit() >= segmentEnd;
        while (entries.size() < maxEntries) {
          JournalEntry entry = EntryCodec.decode(buffer);
          if (entry == null) {
            break;
          }
          position = new JournalPosition(position.segment(), base + buffer.position());
          entries.add(new JournalChunk.Positioned(entry, position));
        }
        if (entries.size() >= maxEntries) {
          break;
        }
        if (!buffer.hasRemaining()) {
          if (chunkReachesEnd && currentSegment) {
            break;
          }
          continue;
        }
        if (!chunkReachesEnd && buffer.position() > 0) {
          continue; // the next frame crosses this chunk's end: read on from its start
        }
        // Bytes that are no record, though every byte a record there could span was read (up to
        // the end appended so far, in the live segment): the torn tail of a writer killed midway,
        // or damage. Records after it, the next checksum that holds, are still read.
        long resumed = nextFrame(file, position.offset(), segmentEnd);
        skipped.add(
            new JournalChunk.Skipped(
                file, position.offset(), resumed - position.offset(), resumed >= segmentEnd));
        if (resumed < segmentEnd) {
          position = new JournalPosition(position.segment(), resumed);
        } else if (currentSegment) {
          position = new JournalPosition(position.segment(), segmentEnd);
        } else {
          position = nextSegmentStart(position.segment());
        }
      } catch (NoSuchFileException gone) {
        // Deleted by the slot's holder while a view read it (forEachUnacknowledged): it does so
        // once every entry in it is acknowledged.
        if (currentSegment) {
          break;
        }
        position = nextSegmentStart(position.segment());
      }
    }
    return new JournalChunk(entries, position, skipped);
  }

  /**
   * The offset of the first intact frame after {@code damaged} in {@code file}, or {@code
   * segmentEnd} when none follows. A checksum that holds by chance on damaged bytes is a 1 in 2^32
   * event per offset; the frame must also decode.
   */
  private static long nextFrame(Path file, long damaged, long segmentEnd) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer window = ByteBuffer.allocate(0);
      long windowStart = damaged;
      for (long offset = damaged + 1; offset + EntryCodec.HEADER_BYTES <= segmentEnd; offset++) {
        long windowEnd = windowStart + window.limit();
        if (offset + EntryCodec.HEADER_BYTES + EntryCodec.MAX_PAYLOAD_BYTES > windowEnd
            && windowEnd < segmentEnd) {
          // Re-read from here, so that any frame starting at this offset lies wholly inside.
          windowStart = offset;
          window = ByteBuffer.allocate((int) Math.min(READ_CHUNK_BYTES, segmentEnd - offset));
          while (window.hasRemaining()) {
            if (channel.read(window, windowStart + window.position()) < 0) {
              break;
            }
          }
          window.flip();
        }
        window.position((int) (offset - windowStart));
        if (EntryCodec.decode(window) != null) {
          return offset;
        }
      }
    }
    return segmentEnd;
  }

  /**
   * Records that everything before {@code upTo} reached the server: the committed file is replaced
   * atomically, and segments wholly before it are deleted.
   */
  public synchronized void commit(JournalPosition upTo) throws IOException {
    if (closed) {
      // A flusher still in a long request when its client closed: the slot may be another
      // process's by now, and moving its committed position would skip or resend its entries.
      throw new IOException("journal " + dir + " is closed; nothing committed");
    }
    if (!committed.isBefore(upTo)) {
      return;
    }
    committed = upTo;
    while (!spilled.isEmpty() && !upTo.isBefore(spilled.getFirst().end())) {
      spilled.removeFirst();
    }
    if (spilled.isEmpty()) {
      spillStart = null;
    }
    if (dir == null) {
      return;
    }
    // On disk only after the server ids of the runs before it: else the next process would start
    // after a run's creation without knowing the run. A disk that refuses either (full) costs the
    // next process a harmless resend; this one goes on from memory.
    if (saveRuns()) {
      try {
        writeCommitted(upTo);
        persistedCommitted = upTo;
      } catch (IOException e) {
        // kept in memory; written with a later commit
      }
    }
    for (long segment : segmentNumbers()) {
      if (segment < persistedCommitted.segment() && segment != end.segment()) {
        Files.deleteIfExists(segmentFile(segment));
      }
    }
  }

  private void writeCommitted(JournalPosition upTo) throws IOException {
    replace(dir.resolve(COMMITTED_FILE), upTo.segment() + " " + upTo.offset() + "\n");
  }

  /**
   * Replaces {@code file} with {@code text} through a sibling ".tmp" file, atomically where the
   * file system can: a reader (or a crash) sees the old content or the new, never a part.
   */
  private static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Copies a file into the journal so that later edits do not change what gets uploaded.
   *
   * @throws JournalWriteException when the journal's disk refuses the copy (the file was readable)
   */
  public String storeCopy(Path file) throws IOException {
    if (dir == null) {
      throw new JournalWriteException(
          "cannot keep a copy of " + file + ": there is no journal directory", null);
    }
    // Not under the journal's own lock: copying a large model would hold up every call logged
    // meanwhile, and the flusher. Copies take turns for the one incoming name.
    synchronized (copyLock) {
      return copyIn(file);
    }
  }

  private String copyIn(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      // Written under one fixed name, then renamed: a copy cut short (a full disk, a process
      // killed midway) is never left behind under a name no record refers to.
      Path incoming;
      OutputStream out;
      try {
        incoming = Files.createDirectories(dir.resolve(ARTIFACTS_DIR)).resolve(INCOMING_COPY);
        out = Files.newOutputStream(incoming);
      } catch (IOException e) {
        throw refusedCopy(file, e);
      }
      try (out) {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) { // a read error is the file's: passed on as it is
          try {
            out.write(buffer, 0, n);
          } catch (IOException e) {
            throw refusedCopy(file, e);
          }
        }
      } catch (IOException e) {
        try {
          Files.deleteIfExists(incoming);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      String name = UUID.randomUUID() + "-" + file.getFileName();
      try {
        Files.move(incoming, incoming.resolveSibling(name), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw refusedCopy(file, e);
      }
      return ARTIFACTS_DIR + "/" + name;
    }
  }

  private JournalWriteException refusedCopy(Path file, IOException e) {
    return new JournalWriteException(
        "cannot copy " + file + " into the journal in " + dir + ": " + reason(e), e);
  }

  /** The OS's reason, e.g. "No space left on device", without the paths it may repeat. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * Appends one line to the slot's file of records set aside (see {@link #SET_ASIDE_FILE}); where
   * it went.
   *
   * @throws JournalWriteException when the disk refuses it or there is no journal directory
   */
  public synchronized Path setAside(String jsonLine) throws JournalWriteException {
    if (dir == null) {
      throw new JournalWriteException("there is no journal directory to keep it in", null);
    }
    Path file = dir.resolve(SET_ASIDE_FILE);
    try {
      Files.writeString(
          file,
          jsonLine + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new JournalWriteException("cannot write " + file + ": " + reason(e), e);
    }
    return file;
  }

  /**
   * Moves a stored copy (see {@link #storeCopy}) of an artifact set aside out of the way of
   * cleanups; its new path.
   */
  public synchronized Path setAsideCopy(String stored) throws JournalWriteException {
    if (dir == null) {
      throw new JournalWriteException("there is no journal directory to keep it in", null);
    }
    Path from = storedFile(stored);
    try {
      Path target = Files.createDirectories(dir.resolve(SET_ASIDE_DIR)).resolve(from.getFileName());
      Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new JournalWriteException("cannot keep " + from + ": " + reason(e), e);
    }
  }

  /**
   * The failure counts {@link #saveFailures} kept for records not yet committed; empty for a
   * journal in memory, and when there are none or the file is unreadable (counting starts anew).
   */
  public synchronized Map<JournalPosition, RecordFailures> readFailures() {
    Map<JournalPosition, RecordFailures> failures = new LinkedHashMap<>();
    if (dir == null) {
      return failures;
    }
    try (Stream<String> lines = Files.lines(dir.resolve(FAILURES_FILE), StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        String[] f = line.trim().split(" ");
        if (f.length != 4 && f.length != 5) {
          continue;
        }
        JournalPosition at = new JournalPosition(Long.parseLong(f[0]), Long.parseLong(f[1]));
        if (committed.isBefore(at)) {
          failures.put(
              at,
              new RecordFailures(
                  Long.parseLong(f[2]),
                  Long.parseLong(f[3]),
                  f.length == 5 && SET_ASIDE.equals(f[4])));
        }
      }
    } catch (NoSuchFileException e) {
      // none saved
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      failures.clear(); // edited or torn: counting anew only delays setting a record aside
    }
    return failures;
  }

  /** {@link #readFailures()} of a slot, perhaps while another process holds it. */
  public static Map<JournalPosition, RecordFailures> readFailures(Path slot) throws IOException {
    return new Journal(slot).readFailures();
  }

  /**
   * Replaces the slot's failure counts (see {@link RecordFailures}), atomically; no file when there
   * are none. Best effort: a disk that refuses it costs the next process the counts, not a call, so
   * it is not reported.
   */
  public synchronized void saveFailures(Map<JournalPosition, RecordFailures> failures) {
    if (dir == null || closed) {
      return; // closed: the slot may be another process's by now
    }
    Path file = dir.resolve(FAILURES_FILE);
    try {
      if (failures.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      StringBuilder text = new StringBuilder();
      failures.forEach(
          (at, f) ->
              text.append(at.segment())
                  .append(' ')
                  .append(at.offset())
                  .append(' ')
                  .append(f.count())
                  .append(' ')
                  .append(f.sinceMillis())
                  .append(f.setAside() ? " " + SET_ASIDE : "")
                  .append('\n'));
      replace(file, text.toString());
    } catch (IOException e) {
      // see above
    }
  }

  /** Resolves a path returned by {@link #storeCopy}. */
  public Path storedFile(String relative) {
    return dir.resolve(relative);
  }

  /** The server-side run a client run key was created as, or null when not known yet. */
  public ResolvedRun resolvedRun(String runKey) {
    return resolvedRuns.get(runKey);
  }

  /**
   * Remembers the server-side run of a client run key, on disk before any entry after the run's
   * creation is committed, so a restarted client does not need to look it up again.
   */
  public synchronized void recordResolvedRun(String runKey, ResolvedRun run) throws IOException {
    if (run.equals(resolvedRuns.get(runKey))) {
      return;
    }
    unsavedRuns.append(
        String.join("\t", runKey, run.runId(), run.experimentId(), orEmpty(run.artifactUri()))
            + "\n");
    resolvedRuns.put(runKey, run);
    saveRuns();
  }

  /** Appends the runs not yet on disk to runs.tsv; whether none is left unsaved. */
  private boolean saveRuns() {
    if (dir == null) {
      unsavedRuns.setLength(0); // known in memory, which is all there is
      return true;
    }
    if (unsavedRuns.length() == 0) {
      return true;
    }
    try (FileChannel out =
        FileChannel.open(
            dir.resolve(RUNS_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      // A disk that filled up mid-line (a short write, then ENOSPC) or a process killed while
      // writing leaves the start of a line: glued to it, these lines would be unreadable.
      String lines = endsTorn(out) ? "\n" + unsavedRuns : unsavedRuns.toString();
      out.position(out.size());
      ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      // Synced, unlike records (once per run, not per metric): a machine crash that kept the
      // committed position past the run's creation but lost this line would drop every later
      // record of the run on replay, not just the last ones.
      out.force(true);
      unsavedRuns.setLength(0);
      return true;
    } catch (IOException e) {
      // A full disk: known in memory, and commit() keeps the committed file before the run.
      return false;
    }
  }

  private static boolean endsTorn(FileChannel file) throws IOException {
    long size = file.size();
    if (size == 0) {
      return false;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    return file.read(last, size - 1) == 1 && last.get(0) != '\n';
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (dir == null) {
      int lost = spilled.size();
      spilled.clear();
      spillStart = null;
      if (lost > 0) {
        throw new IOException(
            lost
                + " calls the server had not taken are lost: they were kept in memory only (no"
                + " journal directory)");
      }
      return;
    }
    int unsaved = saveSpilled();
    try {
      // Again from memory: a write that failed, or a cell stopped between an append and its
      // write, must not leave a run listed that this process ended.
      writeOpenRuns();
      if (writer != null) {
        writer.close();
      }
      if (!committed.equals(persistedCommitted) && saveRuns()) {
        try {
          writeCommitted(committed); // refused earlier: now the next process resends less
        } catch (IOException e) {
          // still refused: the next process resends from the older position, harmlessly
        }
      }
      if (unsaved == 0 && read(committed, 1).entries().isEmpty()) {
        // All acknowledged: the segment being written goes too, and one a killed process left
        // behind, not kept until this slot is used again (a one-off second kernel's might never
        // be).
        for (long segment : segmentNumbers()) {
          Files.deleteIfExists(segmentFile(segment));
        }
      }
    } finally {
      try {
        lock.release();
      } finally {
        try {
          lockChannel.close();
        } finally {
          HELD.remove(heldKey);
        }
      }
    }
    if (unsaved > 0) {
      throw new IOException(
          unsaved
              + " calls the server had not taken could not be written to the journal either ("
              + spillCause.getMessage()
              + "); they are lost");
    }
  }

  // The calls still in memory, written for the next process if the disk takes them now (in a new
  // segment: the committed position may point into the old one's virtual tail); how many it did
  // not take.
  private int saveSpilled() {
    if (spilled.isEmpty()) {
      return 0;
    }
    int saved = 0;
    try {
      openSegment(end.segment() + 1);
      for (JournalChunk.Positioned p : spilled) {
        encodeBuffer = EntryCodec.encode(p.entry(), encodeBuffer);
        writer.write(encodeBuffer.array(), encodeBuffer.position(), encodeBuffer.remaining());
        end = new JournalPosition(end.segment(), writer.getFilePointer());
        saved++;
      }
    } catch (IOException e) {
      spillCause = e;
    }
    int unsaved = spilled.size() - saved;
    spilled.clear();
    spillStart = null;
    return unsaved;
  }

  private void openSegment(long segment) throws IOException {
    // The new file first, the old one closed last: a cell stopped (Thread.stop) in between leaves
    // an open writer behind, never a closed one every later append would fail on.
    RandomAccessFile next = new RandomAccessFile(segmentFile(segment).toFile(), "rw");
    try {
      next.setLength(0);
    } catch (IOException e) {
      next.close(); // a full disk retried after every spill must not leak a descriptor each time
      throw e;
    }
    RandomAccessFile previous = writer;
    writer = next;
    end = new JournalPosition(segment, 0);
    if (previous != null) {
      previous.close();
    }
  }

  private JournalPosition nextSegmentStart(long segment) throws IOException {
    for (long candidate : segmentNumbers()) {
      if (candidate > segment) {
        return new JournalPosition(candidate, 0);
      }
    }
    return new JournalPosition(end.segment(), 0);
  }

  private Path segmentFile(long segment) {
    return dir.resolve(String.format("%s%016d%s", SEGMENT_PREFIX, segment, SEGMENT_SUFFIX));
  }

  private TreeSet<Long> segmentNumbers() throws IOException {
    TreeSet<Long> numbers = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            String name = f.getFileName().toString();
            if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
              try {
                numbers.add(
                    Long.parseLong(
                        name.substring(
                            SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length())));
              } catch (NumberFormatException ignored) {
                // not one of ours
              }
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return numbers;
  }

  private JournalPosition readCommitted() throws IOException {
    Path file = dir.resolve(COMMITTED_FILE);
    if (!Files.exists(file)) {
      return new JournalPosition(0, 0);
    }
    String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
    try {
      return new JournalPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      // Written atomically, so this means someone edited it: resending from the start is safe.
      return new JournalPosition(0, 0);
    }
  }

  private Map<String, Long> readOpenRuns() throws IOException {
    Path file = dir.resolve(OPEN_RUNS_FILE);
    if (!Files.exists(file)) {
      return Map.of();
    }
    Map<String, Long> runs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t");
      if (parts.length == 1 && !parts[0].isBlank()) {
        runs.put(parts[0], 0L); // a key alone: the start is not known
      } else if (parts.length == 2) {
        try {
          runs.put(parts[0], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
          // not a line this class wrote
        }
      }
    }
    return Collections.unmodifiableMap(runs);
  }

  // Replaced whole (write, then rename), so a reader never sees half of it; deleted when no run is
  // open. Not synced: like the records, it only has to survive the process, not the machine.
  private void writeOpenRuns() {
    if (dir == null) {
      return; // nothing outlives this process for the next one to end
    }
    try {
      Path file = dir.resolve(OPEN_RUNS_FILE);
      if (openRuns.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      if (List.copyOf(readOpenRuns().entrySet()).equals(List.copyOf(openRuns.entrySet()))) {
        return; // as it is: a new file time would move when the next process thinks this one died
      }
      StringBuilder lines = new StringBuilder();
      openRuns.forEach((key, start) -> lines.append(key).append('\t').append(start).append('\n'));
      replace(file, lines.toString());
    } catch (IOException e) {
      // The entry is journaled; close() writes the file again from what this process knows.
    }
  }

  private long lastWrite() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> !NOT_WRITTEN_BY_LOGGING.contains(f.getFileName().toString()))
          .mapToLong(
              f -> {
                try {
                  return Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                  return 0; // deleted meanwhile (an acknowledged segment)
                }
              })
          .max()
          .orElse(0);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void loadResolvedRuns() throws IOException {
    Path file = dir.resolve(RUNS_FILE);
    if (!Files.exists(file)) {
      return;
    }
    String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
    // The last element follows the last newline: empty, or a torn line, which may have four
    // fields with the artifact URI cut short; its run is simply looked up on the server again.
    for (String line : Arrays.asList(lines).subList(0, lines.length - 1)) {
      String[] parts = line.split("\t", -1);
      if (parts.length == 4) {
        resolvedRuns.put(
            parts[0], new ResolvedRun(parts[1], parts[2], parts[3].isEmpty() ? null : parts[3]));
      }
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
