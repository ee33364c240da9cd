package dev.trackbook.server.store;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;

/**
 * The bytes of one history chunk: a run of points of one metric, sorted and without duplicates.
 * Columns, not rows: steps as deltas (one byte each for a training loop), timestamps as signed
 * deltas, values as raw IEEE doubles, which together take about 11 bytes a point against some 50
 * for a row per point in an index, and decode without touching the database's row machinery.
 *
 * <pre>
 * byte    format (1)
 * varint  n
 * n x     step:      zigzag varint of the first, then varint deltas (never negative: sorted)
 * n x     timestamp: zigzag varint of the first, then zigzag varint deltas
 * n x     value:     8 bytes, little-endian IEEE 754 bits
 * </pre>
 */
final class MetricChunkCodec {
  private static final byte FORMAT = 1;

  private MetricChunkCodec() {}

  /** Encodes points {@code from} (inclusive) to {@code to} (exclusive) of a sorted series. */
  static byte[] encode(MetricSeries s, int from, int to) {
    int n = to - from;
    Writer w = new Writer(16 + n * 13);
    w.bytes[w.pos++] = FORMAT;
    w.varint(n);
    long[] steps = s.stepArray();
    long[] ts = s.timestampArray();
    double[] values = s.valueArray();
    long previous = 0;
    for (int i = from; i < to; i++) {
      long d = steps[i] - previous;
      w.varint(i == from ? zigzag(steps[i]) : d);
      previous = steps[i];
    }
    previous = 0;
    for (int i = from; i < to; i++) {
      w.varint(zigzag(ts[i] - previous));
      previous = ts[i];
    }
    for (int i = from; i < to; i++) {
      w.longLe(Double.doubleToRawLongBits(values[i]));
    }
    return w.done();
  }

  /** Appends the points of {@code bytes} to {@code into}. */
  static void decodeInto(byte[] bytes, MetricSeries into) {
    Reader r = new Reader(bytes);
    if (r.pos >= bytes.length || bytes[r.pos++] != FORMAT) {
      throw corrupt();
    }
    long n = r.varint();
    if (n < 0 || n > bytes.length) {
      throw corrupt();
    }
    int count = (int) n;
    into.ensureCapacity(into.size() + count);
    int base = into.size();
    long[] steps = into.stepArray();
    long[] ts = into.timestampArray();
    double[] values = into.valueArray();
    long previous = 0;
    for (int i = 0; i < count; i++) {
      long v = r.varint();
      previous = i == 0 ? unzigzag(v) : previous + v;
      steps[base + i] = previous;
    }
    previous = 0;
    for (int i = 0; i < count; i++) {
      previous += unzigzag(r.varint());
      ts[base + i] = previous;
    }
    if (bytes.length - r.pos != 8L * count) {
      throw corrupt();
    }
    for (int i = 0; i < count; i++) {
      values[base + i] = Double.longBitsToDouble(r.longLe());
    }
    into.grow(count);
  }

  private static TrackingException corrupt() {
    return new TrackingException(
        ErrorCode.INTERNAL_ERROR, "A stored metric history chunk is corrupt");
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static final class Writer {
    byte[] bytes;
    int pos;

    Writer(int capacity) {
      bytes = new byte[capacity];
    }

    void varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        bytes[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[pos++] = (byte) v;
    }

    void longLe(long v) {
      ensure(8);
      for (int k = 0; k < 8; k++) {
        bytes[pos++] = (byte) (v >>> (8 * k));
      }
    }

    private void ensure(int more) {
      if (pos + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + more));
      }
    }

    byte[] done() {
      return java.util.Arrays.copyOf(bytes, pos);
    }
  }

  private static final class Reader {
    final byte[] bytes;
    int pos;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= bytes.length) {
          throw corrupt();
        }
        byte b = bytes[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw corrupt();
    }

    long longLe() {
      long v = 0;
      for (int k = 0; k < 8; k++) {
        v |= (long) (bytes[pos++] & 0xFF) << (8 * k);
      }
      return v;
    }
  }
}
