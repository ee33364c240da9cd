package dev.trackbook.nbtest.launch;

import java.io.IOException;
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

  static Map<String, Duration> durations(Path reportsDir) {
    Map<String, Duration> found = new HashMap<>();
    if (!Files.isDirectory(reportsDir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(reportsDir)) {
      files
          .filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
          .forEach(f -> readSuite(f, found));
    } catch (IOException e) {
      return found;
    }
    return found;
  }

  private static void readSuite(Path file, Map<String, Duration> into) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (var in = Files.newInputStream(file)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamReader.START_ELEMENT) {
          if (xml.getLocalName().equals("testsuite")) {
            String name = xml.getAttributeValue(null, "name");
            String time = xml.getAttributeValue(null, "time");
            if (name != null && time != null) {
              into.put(name, Duration.ofMillis(Math.round(Double.parseDouble(time) * 1000)));
            }
          }
          return; // only the root element matters
        }
      }
    } catch (IOException | XMLStreamException | NumberFormatException e) {
      // not one of ours, or cut short: no history for it
    }
  }
}
