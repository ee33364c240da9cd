package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelDescriptor;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.client.model.SignatureCheck;
import java.util.Arrays;
import java.util.Locale;

/**
 * The validation of a loaded model: its descriptor's example input must produce an answer of the
 * declared output shape, and the median latency over a few calls must stay under a bound.
 */
public final class ModelCheck {
  static final int WARMUP_CALLS = 5;
  static final int TIMED_CALLS = 20;

  /** The outcome: passed or not, a one-line detail, and the latencies seen. */
  public record Verdict(boolean passed, String detail, double p50Millis, double maxMillis) {}

  private ModelCheck() {}

  /** Checks {@code model}; never throws (a failure is a failed verdict). */
  public static Verdict run(ServableModel model, double latencyBoundMillis) {
    ModelDescriptor descriptor = model.descriptor();
    String example = descriptor.exampleInputJson();
    if (example == null) {
      return new Verdict(false, "the descriptor has no example_input", 0, 0);
    }
    try {
      long batch = SignatureCheck.batchOf(example);
      String answer = model.predict(example);
      String problem = SignatureCheck.checkPrediction(descriptor, answer, batch);
      if (problem != null) {
        return new Verdict(false, "example input: " + problem, 0, 0);
      }
      for (int i = 0; i < WARMUP_CALLS; i++) {
        model.predict(example);
      }
      double[] millis = new double[TIMED_CALLS];
      for (int i = 0; i < TIMED_CALLS; i++) {
        long start = System.nanoTime();
        model.predict(example);
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(millis);
      double p50 = millis[TIMED_CALLS / 2];
      double max = millis[TIMED_CALLS - 1];
      String timing = String.format(Locale.ROOT, "p50 %.2f ms, max %.2f ms", p50, max);
      if (p50 > latencyBoundMillis) {
        return new Verdict(
            false,
            String.format(Locale.ROOT, "too slow: %s (bound %.1f ms)", timing, latencyBoundMillis),
            p50,
            max);
      }
      return new Verdict(
          true,
          "output shape and type match the signature "
              + descriptor.shape("outputs")
              + "; "
              + timing,
          p50,
          max);
    } catch (RuntimeException e) {
      return new Verdict(false, "prediction failed: " + oneLine(e), 0, 0);
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
