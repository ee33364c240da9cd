package dev.trackbook.cli;

import dev.trackbook.client.Tracking;
import dev.trackbook.client.flush.Flusher;
import dev.trackbook.client.flush.SetAsideResender;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.JournalPosition;
import dev.trackbook.client.journal.RecordFailures;
import dev.trackbook.client.journal.SetAsideRecord;
import dev.trackbook.client.transport.MlflowRestApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./trackbook journal [list] | resend}: what the tracking client keeps on disk, per server
 * and slot: calls the server has not acknowledged yet (the client sends them by itself), and calls
 * set aside because the server failed on them every time (which only {@code resend} sends).
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = {
      "Show and resend the calls kept on disk for the tracking server.",
      "Notebooks and pipelines journal every call; the client sends what the server has not"
          + " acknowledged yet by itself, and sets aside a call the server failed on every time:"
          + " `journal resend` sends those."
    },
    subcommands = {JournalCommand.ListJournal.class, JournalCommand.Resend.class})
final class JournalCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code --journal-dir} option both subcommands share. */
  static final class JournalDirOption {
    @Option(
        names = "--journal-dir",
        paramLabel = "DIR",
        converter = OptionTypes.ExistingDirectory.class,
        description = {
          "The journal root (default: $TRACKBOOK_JOURNAL_DIR,",
          "else ~/.trackbook/journal, as the client's)"
        })
    Path dir;

    Path root() {
      return dir != null ? dir : Tracking.defaultJournalDir();
    }
  }

  /** The servers' journal directories under the root, by name. */
  static List<Path> serverDirectories(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List each server's journal slots.",
        "Per slot: the calls not acknowledged yet, and each call set aside with the server's"
            + " error."
      })
  static final class ListJournal implements Callable<Integer> {
    @Mixin JournalDirOption journalDir;
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path root = journalDir.root();
      PrintWriter out = spec.commandLine().getOut();
      List<Path> servers = serverDirectories(root);
      if (servers.isEmpty()) {
        out.println("No journal in " + root + ": nothing was logged there.");
        out.flush();
        return 0;
      }
      out.println("Journal " + root);
      int setAside = 0;
      for (Path server : servers) {
        String name = server.getFileName().toString();
        String uri = Journal.trackingUriOf(name);
        out.println(name + " (" + (uri == null ? "server not known from the name" : uri) + ")");
        for (Path slot : Journal.slots(server)) {
          setAside += listSlot(slot, out);
        }
      }
      if (setAside > 0) {
        out.println("Once the server is fixed: trackbook journal resend");
      }
      out.flush();
      return 0;
    }

    /** One slot's lines; how many records it has set aside. */
    private static int listSlot(Path slot, PrintWriter out) throws IOException {
      Map<String, Integer> pending = new LinkedHashMap<>();
      Map<JournalPosition, RecordFailures> failures = Journal.readFailures(slot);
      List<String> failing = new ArrayList<>();
      Journal.forEachUnacknowledgedAt(
          slot,
          p -> {
            pending.merge(kind(p.entry()), 1, Integer::sum);
            RecordFailures f = failures.get(p.end());
            if (f != null) {
              failing.add(
                  "    the server failed on "
                      + JournalEntry.describe(p.entry())
                      + " "
                      + f.count()
                      + (f.count() == 1 ? " time" : " times")
                      + " since "
                      + Instant.ofEpochMilli(f.sinceMillis())
                      + " while serving other calls (set aside after "
                      + Flusher.POISON_STRIKES
                      + " over "
                      + Flusher.POISON_SPAN.toMinutes()
                      + (Flusher.POISON_SPAN.toMinutes() == 1 ? " minute)" : " minutes)"));
            }
          });
      int count = pending.values().stream().mapToInt(Integer::intValue).sum();
      List<String> lines = Journal.readSetAside(slot);
      out.println(
          "  "
              + slot.getFileName()
              + (Journal.inUse(slot) ? " (in use)" : "")
              + ": "
              + (count == 0
                  ? "all acknowledged"
                  : count
                      + (count == 1 ? " call" : " calls")
                      + " not acknowledged yet ("
                      + pending.entrySet().stream()
                          .map(
                              e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
                          .collect(Collectors.joining(", "))
                      + ")")
              + (lines.isEmpty()
                  ? ""
                  : "; " + lines.size() + " set aside in " + Journal.setAsideFile(slot) + ":"));
      failing.forEach(out::println);
      for (String line : lines) {
        try {
          SetAsideRecord record = SetAsideRecord.parse(line);
          out.println(
              "    "
                  + Instant.ofEpochMilli(record.setAsideAt())
                  + "  "
                  + record.describe()
                  + ": "
                  + record.error().replaceAll("\\s+", " ").strip());
        } catch (IOException e) {
          out.println("    not a set-aside record (" + e.getMessage() + "): " + line);
        }
      }
      return lines.size();
    }

    private static String kind(JournalEntry entry) {
      if (entry instanceof JournalEntry.MetricLogged) {
        return "metric";
      } else if (entry instanceof JournalEntry.ParamLogged) {
        return "param";
      } else if (entry instanceof JournalEntry.TagSet) {
        return "tag";
      } else if (entry instanceof JournalEntry.RunStarted) {
        return "run start";
      } else if (entry instanceof JournalEntry.RunEnded) {
        return "run end";
      } else if (entry instanceof JournalEntry.InputLogged) {
        return "dataset";
      }
      return "artifact";
    }
  }

  @Command(
      name = "resend",
      mixinStandardHelpOptions = true,
      description = {
        "Send the calls set aside to their server, once it is fixed.",
        "With the client's credentials ($TRACKBOOK_TRACKING_TOKEN, else"
            + " $MLFLOW_TRACKING_TOKEN). What the server takes leaves the set-aside file; what"
            + " still fails stays, each said in one line.",
        "A tag is not resent when its run now has another value for it, nor a run's end when"
            + " the run has ended otherwise since: most likely set later, they would be"
            + " overwritten. --overwrite sends them anyway.",
        "A slot a running kernel or pipeline holds is left alone: resend after it ends."
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:all resent, or nothing set aside",
        "1:some calls stay set aside (still failing, or not sent)",
        "2:a command-line mistake"
      })
  static final class Resend implements Callable<Integer> {
    @Mixin JournalDirOption journalDir;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--tracking-uri",
        paramLabel = "URI",
        converter = OptionTypes.TrackingUri.class,
        description = {
          "Resend what was set aside for this server only",
          "(default: $TRACKBOOK_TRACKING_URI, else",
          "$MLFLOW_TRACKING_URI, else every server, each",
          "to the URI its journal was named for)"
        })
    String trackingUri;

    @Option(
        names = {"--overwrite", "--overwrite-tags"},
        description = "Resend tags whose run has another value now, and run ends over another end")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      String target = target();
      Path root = journalDir.root();
      int resent = 0;
      int kept = 0;
      for (Path server : serverDirectories(root)) {
        int setAside = countSetAside(server);
        if (setAside == 0) {
          continue;
        }
        String name = server.getFileName().toString();
        String uri = target != null ? target : Journal.trackingUriOf(name);
        if (target != null && !name.equals(Journal.directoryName(target))) {
          out.println(
              "left "
                  + setAside
                  + " set aside for another server in "
                  + server
                  + " (resend with that server's --tracking-uri)");
          continue;
        }
        if (uri == null) {
          out.println(
              "kept "
                  + setAside
                  + " set aside in "
                  + server
                  + ": its server is not known from the directory's name; give --tracking-uri");
          kept += setAside;
          continue;
        }
        MlflowRestApi api =
            new MlflowRestApi(uri, Tracking.authorizationFromEnvironment(), Duration.ofSeconds(30));
        SetAsideResender resender = new SetAsideResender(api, overwrite, out::println);
        for (Path slot : Journal.slots(server)) {
          int lines = Journal.readSetAside(slot).size();
          if (lines == 0) {
            continue;
          }
          Journal journal = Journal.openSlot(slot);
          if (journal == null) {
            out.println(
                "kept "
                    + lines
                    + " set aside in "
                    + slot
                    + ": a running kernel or pipeline holds this slot; resend after it ends");
            kept += lines;
            continue;
          }
          try (journal) {
            SetAsideResender.Outcome outcome = resender.resend(journal);
            resent += outcome.resent();
            kept += outcome.kept();
          }
        }
      }
      if (resent == 0 && kept == 0) {
        out.println(
            "Nothing set aside" + (target == null ? "" : " for " + target) + " in " + root + ".");
      } else {
        out.println(
            resent
                + " resent; "
                + kept
                + (kept == 1 ? " stays" : " stay")
                + " set aside"
                + (kept == 0 ? "." : " (trackbook journal list shows them)."));
      }
      out.flush();
      return kept == 0 ? 0 : 1;
    }

    /**
     * The server named by the option or the environment, as the client resolves it; null when
     * neither names one (each journal goes to the server it was named for).
     */
    private String target() {
      if (trackingUri != null) {
        return trackingUri;
      }
      for (String variable : new String[] {"TRACKBOOK_TRACKING_URI", "MLFLOW_TRACKING_URI"}) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
          try {
            return Tracking.checkTrackingUri(value);
          } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                spec.commandLine(), "$" + variable + ": " + e.getMessage());
          }
        }
      }
      return null;
    }

    private static int countSetAside(Path server) throws IOException {
      int count = 0;
      for (Path slot : Journal.slots(server)) {
        count += Journal.readSetAside(slot).size();
      }
      return count;
    }
  }
}
