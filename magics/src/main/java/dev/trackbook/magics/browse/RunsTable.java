package dev.trackbook.magics.browse;

import dev.trackbook.client.RunPages;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders runs as an HTML table. Every value comes from the server and is escaped: names and params
 * are user text.
 */
final class RunsTable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private RunsTable() {}

  /**
   * @param trackingUri the server the runs came from: each run id links to its page in the web UI
   *     there, at the address MLflow's UI uses too
   */
  static String html(List<RunSummary> runs, String trackingUri) {
    if (runs.isEmpty()) {
      return "<p>No runs.</p>";
    }
    StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
    for (String h :
        List.of(
            "run id", "name", "experiment", "status", "started", "duration", "params", "metrics")) {
      sb.append("<th>").append(h).append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (RunSummary r : runs) {
      sb.append("<tr>");
      String page = RunPages.run(trackingUri, r.experimentId(), r.runId());
      sb.append("<td><a href=\"")
          .append(escape(page))
          .append("\" target=\"_blank\" rel=\"noopener\">")
          .append(escape(r.runId()))
          .append("</a></td>");
      cell(sb, r.runName());
      cell(sb, r.experimentId());
      cell(sb, r.status());
      cell(
          sb,
          r.startTimeMillis() > 0 ? TIME.format(Instant.ofEpochMilli(r.startTimeMillis())) : "");
      cell(
          sb,
          r.endTimeMillis() > 0 && r.startTimeMillis() > 0
              ? String.format("%.1f s", (r.endTimeMillis() - r.startTimeMillis()) / 1000.0)
              : "");
      cell(sb, join(r.params()));
      cell(sb, join(r.metrics()));
      sb.append("</tr>\n");
    }
    return sb.append("</tbody>\n</table>").toString();
  }

  private static String join(Map<String, ?> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void cell(StringBuilder sb, String value) {
    sb.append("<td>").append(escape(value)).append("</td>");
  }

  /** HTML-escapes text for element content and attribute values. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
