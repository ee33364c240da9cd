package dev.trackbook.djl.progress;

import java.util.Map;

/**
 * A snapshot of a training's progress.
 *
 * @param epoch the current epoch, from 1
 * @param epochs planned epochs, or 0 when unknown
 * @param batch batches done in this epoch
 * @param batches batches per epoch, or 0 when unknown
 * @param seconds seconds since training began
 * @param latest the latest per-epoch metrics (train_loss, validate_Accuracy, ...), in a stable
 *     order
 * @param finished whether training has ended
 */
public record ProgressState(
    int epoch,
    int epochs,
    long batch,
    long batches,
    double seconds,
    Map<String, Float> latest,
    boolean finished) {

  /** One line of text: {@code epoch 2/5 [#####-----] 60/120 12s | train_loss 0.31 ...}. */
  public String line() {
    StringBuilder out = new StringBuilder(finished ? "done: " : "").append("epoch ").append(epoch);
    if (epochs > 0) {
      out.append('/').append(epochs);
    }
    if (!finished && batches > 0) {
      int filled = (int) (20 * batch / batches);
      out.append(" [")
          .append("#".repeat(filled))
          .append("-".repeat(20 - filled))
          .append("] ")
          .append(batch)
          .append('/')
          .append(batches);
    }
    out.append(' ').append(Math.round(seconds)).append('s');
    latest.forEach((k, v) -> out.append(" | ").append(k).append(' ').append(format(v)));
    return out.toString();
  }

  /** The same as a small HTML block with a progress bar. */
  public String html() {
    StringBuilder out = new StringBuilder("<div style=\"font-family:monospace\">");
    double fraction = finished ? 1 : batches > 0 ? (double) batch / batches : 0;
    double overall = epochs > 0 ? Math.min(1, ((epoch - 1) + fraction) / epochs) : fraction;
    out.append("<progress max=\"1000\" value=\"")
        .append(Math.round(overall * 1000))
        .append("\" style=\"width:300px\"></progress> ")
        .append(escape(finished ? "done" : "training"))
        .append(" &middot; epoch ")
        .append(epoch)
        .append(epochs > 0 ? "/" + epochs : "");
    if (!finished && batches > 0) {
      out.append(" &middot; batch ").append(batch).append('/').append(batches);
    }
    out.append(" &middot; ").append(Math.round(seconds)).append(" s");
    if (!latest.isEmpty()) {
      out.append("<table><tr>");
      latest.keySet().forEach(k -> out.append("<th>").append(escape(k)).append("</th>"));
      out.append("</tr><tr>");
      latest.values().forEach(v -> out.append("<td>").append(format(v)).append("</td>"));
      out.append("</tr></table>");
    }
    return out.append("</div>").toString();
  }

  private static String format(Float v) {
    return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
