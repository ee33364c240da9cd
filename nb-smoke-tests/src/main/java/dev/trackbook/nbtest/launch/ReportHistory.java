package dev.trackbook.nbtest.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * How long each notebook took last time, read from the {@code TEST-*.xml} reports an earlier run
 * left in the reports directory (one {@code <testsuite>} per notebook; its {@code time} is the sum
 * of its tests). Unreadable or foreign files are skipped: this only orders the next run.
 */
final class ReportHistory {
  private ReportHistory() {}

  /** {@code durations} as text ({@code name TAB millis} lines), to pass as a JUnit parameter. */
  static String encode(Map<String, Duration> durations) {
    StringBuilder text = new StringBuilder();
    durations.forEach(
        (name, d) -> text.append(name).append('\t').append(d.toMillis()).append('\n'));
    return text.toString();
  }

  /** What {@link #encode} made; a line that is not {@code name TAB millis} is skipped. */
  static Map<String, Duration> decode(String text) {
    Map<String, Duration> durations = new HashMap<>();
    for (String line : text.split("\n")) {
      int tab = line.lastIndexOf('\t');
      if (tab > 0) {
        try {
          durations.put(
              line.substring(0, tab), Duration.ofMillis(Long.parseLong(line.substring(tab + 1))));
        } catch (NumberFormatException e) {
          // only orders the run
        }
      }
    }
    return durations;
  }

  static Map<String, Duration> durations(Path reportsDir) {
    Map<String, Duration> found = new HashMap<>();
    if (!Files.isDirectory(reportsDir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(reportsDir)) {
      files
          .filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
          .forEach(f -> readSuite(f, found));
    } catch (IOException | UncheckedIOException e) {
      // a directory we cannot list orders nothing
    }
    return found;
  }

  /**
   * The root {@code <testsuite>}'s name and time, unless something in it failed: its cells after
   * the failure did not run, so its time says little about the next run.
   */
  private static void readSuite(Path file, Map<String, Duration> into) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      try {
        while (xml.hasNext()) {
          if (xml.next() == XMLStreamReader.START_ELEMENT) {
            String name = xml.getAttributeValue(null, "name");
            String time = xml.getAttributeValue(null, "time");
            boolean clean =
                "0".equals(xml.getAttributeValue(null, "failures"))
                    && "0".equals(xml.getAttributeValue(null, "errors"));
            if (xml.getLocalName().equals("testsuite") && name != null && time != null && clean) {
              into.put(name, Duration.ofMillis(Math.round(Double.parseDouble(time) * 1000)));
            }
            return; // only the root element matters
          }
        }
      } finally {
        xml.close();
      }
    } catch (IOException | XMLStreamException | NumberFormatException e) {
      // not one of ours, or cut short: no history for it
    }
  }
}
