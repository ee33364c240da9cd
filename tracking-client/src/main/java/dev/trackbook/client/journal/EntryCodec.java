package dev.trackbook.client.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Binary framing of journal entries: {@code [int payloadLength][int crc32c][payload]}. The checksum
 * lets a reader tell a complete record from the torn tail a crashed process may leave behind; the
 * reader stops at the first frame that does not check out.
 */
final class EntryCodec {
  static final int HEADER_BYTES = 8;

  /** Larger frames cannot come from our own writer (MLflow caps values at 8000 chars). */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private static final byte RUN_STARTED = 1;
  private static final byte METRIC = 2;
  private static final byte PARAM = 3;
  private static final byte TAG = 4;
  private static final byte RUN_ENDED = 5;
  private static final byte ARTIFACT = 6;
  private static final byte INPUT = 7;

  private EntryCodec() {}

  /**
   * Writes one framed entry at the buffer's position, growing it when needed; returns the buffer.
   */
  static ByteBuffer encode(JournalEntry entry, ByteBuffer buffer) {
    buffer.clear();
    while (true) {
      try {
        buffer.position(HEADER_BYTES);
        writePayload(entry, buffer);
        break;
      } catch (java.nio.BufferOverflowException e) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2);
      }
    }
    int payloadLength = buffer.position() - HEADER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), HEADER_BYTES, payloadLength);
    buffer.putInt(0, payloadLength);
    buffer.putInt(4, (int) crc.getValue());
    buffer.flip();
    return buffer;
  }

  private static void writePayload(JournalEntry entry, ByteBuffer out) {
    if (entry instanceof JournalEntry.MetricLogged m) {
      out.put(METRIC);
      putString(out, m.runKey());
      putString(out, m.key());
      out.putDouble(m.value());
      out.putLong(m.timestamp());
      out.putLong(m.step());
    } else if (entry instanceof JournalEntry.ParamLogged p) {
      out.put(PARAM);
      putString(out, p.runKey());
      putString(out, p.key());
      putString(out, p.value());
    } else if (entry instanceof JournalEntry.TagSet t) {
      out.put(TAG);
      putString(out, t.runKey());
      putString(out, t.key());
      putString(out, t.value());
    } else if (entry instanceof JournalEntry.RunStarted r) {
      out.put(RUN_STARTED);
      putString(out, r.runKey());
      out.putLong(r.startTime());
      putString(out, r.experimentName());
      putString(out, r.experimentId());
      putString(out, r.runName());
      putString(out, r.parentRunKey());
    } else if (entry instanceof JournalEntry.RunEnded e) {
      out.put(RUN_ENDED);
      putString(out, e.runKey());
      putString(out, e.status());
      out.putLong(e.endTime());
    } else if (entry instanceof JournalEntry.ArtifactQueued a) {
      out.put(ARTIFACT);
      putString(out, a.runKey());
      putString(out, a.storedFile());
      putString(out, a.artifactPath());
    } else if (entry instanceof JournalEntry.InputLogged i) {
      out.put(INPUT);
      putString(out, i.runKey());
      putString(out, i.name());
      putString(out, i.digest());
      putString(out, i.sourceType());
      putString(out, i.source());
      putString(out, i.context());
    } else {
      throw new IllegalArgumentException("unknown journal entry " + entry);
    }
  }

  /**
   * Decodes the frame at the buffer's position, or returns null (position unchanged) when the bytes
   * there are not a complete, intact frame.
   */
  static JournalEntry decode(ByteBuffer in) {
    int start = in.position();
    if (in.remaining() < HEADER_BYTES) {
      return null;
    }
    int length = in.getInt(start);
    int expectedCrc = in.getInt(start + 4);
    if (length <= 0 || length > MAX_PAYLOAD_BYTES || in.remaining() < HEADER_BYTES + length) {
      return null;
    }
    CRC32C crc = new CRC32C();
    ByteBuffer payload = in.duplicate();
    payload.position(start + HEADER_BYTES).limit(start + HEADER_BYTES + length);
    crc.update(payload.duplicate());
    if ((int) crc.getValue() != expectedCrc) {
      return null;
    }
    try {
      JournalEntry entry = readPayload(payload);
      in.position(start + HEADER_BYTES + length);
      return entry;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return null;
    }
  }

  private static JournalEntry readPayload(ByteBuffer in) {
    byte type = in.get();
    String runKey = getString(in);
    switch (type) {
      case METRIC:
        return new JournalEntry.MetricLogged(
            runKey, getString(in), in.getDouble(), in.getLong(), in.getLong());
      case PARAM:
        return new JournalEntry.ParamLogged(runKey, getString(in), getString(in));
      case TAG:
        return new JournalEntry.TagSet(runKey, getString(in), getString(in));
      case RUN_STARTED:
        return new JournalEntry.RunStarted(
            runKey, in.getLong(), getString(in), getString(in), getString(in), getString(in));
      case RUN_ENDED:
        return new JournalEntry.RunEnded(runKey, getString(in), in.getLong());
      case ARTIFACT:
        return new JournalEntry.ArtifactQueued(runKey, getString(in), getString(in));
      case INPUT:
        return new JournalEntry.InputLogged(
            runKey, getString(in), getString(in), getString(in), getString(in), getString(in));
      default:
        throw new IllegalArgumentException("unknown entry type " + type);
    }
  }

  private static void putString(ByteBuffer out, String s) {
    if (s == null) {
      out.putInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.putInt(bytes.length);
    out.put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("bad string length " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
