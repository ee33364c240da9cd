package dev.trackbook.magics.args;

import dev.trackbook.magics.MagicUsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The declared arguments of one magic: parses its tokens into {@link ParsedArgs} and generates its
 * {@code %name?} help. Each magic builds its schema once, in a static constant, the way IPython's
 * {@code magic_arguments} decorates a magic once; the kernel and the pipeline rewriter parse with
 * the same schema, so a magic means the same thing in both.
 *
 * <p>Arguments are matched in declaration order: required and optional positionals, then at most
 * one of a rest (all remaining words as one text), varargs (one or more words) or key=value pairs.
 * Options are {@code key=VALUE} words with a reserved key, accepted anywhere (e.g. {@code step=3}
 * in {@code %metric}).
 */
public final class ArgSchema {

  private enum Kind {
    REQUIRED,
    OPTIONAL,
    REST,
    OPTIONAL_REST,
    VARARGS,
    PAIRS
  }

  private record Arg(Kind kind, String metavar, String help, List<String> choices) {}

  private record Option(String key, String metavar, String help) {}

  private final String name;
  private final boolean cellMagic;
  private final String summary;
  private final List<Arg> args;
  private final List<Option> options;
  private final String bodyHelp;

  private ArgSchema(Builder b) {
    this.name = b.name;
    this.cellMagic = b.cellMagic;
    this.summary = b.summary;
    this.args = List.copyOf(b.args);
    this.options = List.copyOf(b.options);
    this.bodyHelp = b.bodyHelp;
  }

  /** Starts the schema of line magic {@code %name}. */
  public static Builder line(String name, String summary) {
    return new Builder(name, false, summary);
  }

  /**
   * Starts the schema of cell magic {@code %%name}; declare what the body means with {@link
   * Builder#body}.
   */
  public static Builder cell(String name, String summary) {
    return new Builder(name, true, summary);
  }

  /** The magic's name without percent signs. */
  public String name() {
    return name;
  }

  /** {@code %name} or {@code %%name}, as users type it. */
  public String displayName() {
    return (cellMagic ? "%%" : "%") + name;
  }

  /** Whether this is a cell magic ({@code %%name}). */
  public boolean isCellMagic() {
    return cellMagic;
  }

  /** A {@link MagicUsageException} whose message starts with this magic's name. */
  public MagicUsageException usageError(String message) {
    return new MagicUsageException(displayName() + ": " + message);
  }

  /** The one-line synopsis, e.g. {@code %metric KEY=VALUE... [step=N]}. */
  public String usage() {
    StringBuilder sb = new StringBuilder(displayName());
    for (Arg a : args) {
      sb.append(' ')
          .append(
              switch (a.kind) {
                case REQUIRED ->
                    a.choices.isEmpty() ? a.metavar : "{" + String.join(",", a.choices) + "}";
                case REST -> a.metavar;
                case OPTIONAL, OPTIONAL_REST -> "[" + a.metavar + "]";
                case VARARGS, PAIRS -> a.metavar + "...";
              });
    }
    for (Option o : options) {
      sb.append(" [").append(o.key).append('=').append(o.metavar).append(']');
    }
    return sb.toString();
  }

  /**
   * The {@code %name?} help: synopsis, summary and one line per argument, generated from this
   * schema.
   */
  public String help() {
    List<String[]> rows = new ArrayList<>();
    for (Arg a : args) {
      String help = a.help;
      if (!a.choices.isEmpty()) {
        help += " (one of: " + String.join(", ", a.choices) + ")";
      }
      rows.add(new String[] {a.metavar, help});
    }
    for (Option o : options) {
      rows.add(new String[] {o.key + "=" + o.metavar, o.help});
    }
    if (bodyHelp != null) {
      rows.add(new String[] {"cell body", bodyHelp});
    }
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: ").append(usage()).append("\n\n").append(summary).append('\n');
    if (!rows.isEmpty()) {
      sb.append("\nArguments:\n");
      for (String[] r : rows) {
        sb.append("  ")
            .append(r[0])
            .append(" ".repeat(width - r[0].length() + 2))
            .append(r[1])
            .append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Matches {@code tokens} (already split, see {@link MagicTokenizer}) against this schema. A text
   * argument (the rest of the line) is the text as written when the tokens are {@link
   * MagicTokenizer.Tokens} and no option is among its words, else its words joined by spaces.
   *
   * @throws MagicUsageException naming the magic and the first problem found
   */
  public ParsedArgs parse(List<String> tokens) {
    // Java's habit: the ';' would end up in the last value (%param lr=0.01; declared a String
    // "0.01;"). A text argument (the rest of the line, a note) keeps it as written.
    boolean takesText =
        !args.isEmpty()
            && (args.get(args.size() - 1).kind == Kind.REST
                || args.get(args.size() - 1).kind == Kind.OPTIONAL_REST);
    if (!takesText && tokens instanceof MagicTokenizer.Tokens t && t.endsWithSemicolon()) {
      throw usageError("a magic line takes no ';' at its end (it is not a Java statement)");
    }
    Map<String, String> optionValues = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    // Where each of rest's tokens is in tokens: a text argument takes the text as written.
    List<Integer> restAt = new ArrayList<>();
    for (int t = 0; t < tokens.size(); t++) {
      String token = tokens.get(t);
      Option option = optionFor(token);
      if (option == null) {
        rest.add(token);
        restAt.add(t);
      } else if (optionValues.putIfAbsent(option.key, token.substring(option.key.length() + 1))
          != null) {
        throw usageError(option.key + " given twice");
      }
    }

    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Map<String, String> pairs = new LinkedHashMap<>();
    int i = 0;
    for (Arg a : args) {
      switch (a.kind) {
        case REQUIRED, OPTIONAL -> {
          if (i < rest.size()) {
            String v = rest.get(i++);
            if (!a.choices.isEmpty() && !a.choices.contains(v)) {
              throw usageError(
                  a.metavar
                      + " must be one of "
                      + String.join(", ", a.choices)
                      + ", got '"
                      + v
                      + "'");
            }
            values.put(a.metavar, v);
          } else if (a.kind == Kind.REQUIRED) {
            throw usageError("missing " + a.metavar + " (usage: " + usage() + ")");
          }
        }
        case REST, OPTIONAL_REST -> {
          if (i < rest.size()) {
            boolean noOptionsAmong = restAt.get(i) + (rest.size() - i) == tokens.size();
            values.put(
                a.metavar,
                tokens instanceof MagicTokenizer.Tokens written && noOptionsAmong
                    ? written.from(restAt.get(i))
                    : String.join(" ", rest.subList(i, rest.size())));
            i = rest.size();
          } else if (a.kind == Kind.REST) {
            throw usageError("missing " + a.metavar + " (usage: " + usage() + ")");
          }
        }
        case VARARGS -> {
          if (i >= rest.size()) {
            throw usageError("missing " + a.metavar + " (usage: " + usage() + ")");
          }
          lists.put(a.metavar, List.copyOf(rest.subList(i, rest.size())));
          i = rest.size();
        }
        case PAIRS -> {
          if (i >= rest.size()) {
            throw usageError("expected key=value (usage: " + usage() + ")");
          }
          for (; i < rest.size(); i++) {
            String token = rest.get(i);
            int eq = token.indexOf('=');
            if (eq <= 0) {
              throw usageError("expected key=value, got '" + token + "'");
            }
            String key = token.substring(0, eq);
            if (pairs.putIfAbsent(key, token.substring(eq + 1)) != null) {
              throw usageError("'" + key + "' given twice");
            }
          }
        }
      }
    }
    if (i < rest.size()) {
      throw usageError("unexpected argument '" + rest.get(i) + "' (usage: " + usage() + ")");
    }
    return new ParsedArgs(this, values, lists, pairs, optionValues);
  }

  private Option optionFor(String token) {
    for (Option o : options) {
      if (token.startsWith(o.key + "=")) {
        return o;
      }
    }
    return null;
  }

  /** Declares a schema's arguments in the order users write them. */
  public static final class Builder {
    private final String name;
    private final boolean cellMagic;
    private final String summary;
    private final List<Arg> args = new ArrayList<>();
    private final List<Option> options = new ArrayList<>();
    private String bodyHelp;

    private Builder(String name, boolean cellMagic, String summary) {
      this.name = Objects.requireNonNull(name);
      this.cellMagic = cellMagic;
      this.summary = Objects.requireNonNull(summary);
    }

    /** A required word. */
    public Builder required(String metavar, String help) {
      return add(new Arg(Kind.REQUIRED, metavar, help, List.of()));
    }

    /** A required word that must be one of {@code choices}. */
    public Builder choice(String metavar, String help, String... choices) {
      return add(new Arg(Kind.REQUIRED, metavar, help, List.of(choices)));
    }

    /** An optional word. */
    public Builder optional(String metavar, String help) {
      return add(new Arg(Kind.OPTIONAL, metavar, help, List.of()));
    }

    /** All remaining words, joined by single spaces; at least one. */
    public Builder text(String metavar, String help) {
      return add(new Arg(Kind.REST, metavar, help, List.of()));
    }

    /** All remaining words, joined by single spaces; may be absent. */
    public Builder optionalText(String metavar, String help) {
      return add(new Arg(Kind.OPTIONAL_REST, metavar, help, List.of()));
    }

    /** One or more words. */
    public Builder varargs(String metavar, String help) {
      return add(new Arg(Kind.VARARGS, metavar, help, List.of()));
    }

    /** One or more {@code key=value} words; keys are unique. */
    public Builder pairs(String help) {
      return add(new Arg(Kind.PAIRS, "KEY=VALUE", help, List.of()));
    }

    /** An optional {@code key=VALUE} word with a reserved key, accepted anywhere on the line. */
    public Builder option(String key, String metavar, String help) {
      options.add(new Option(key, metavar, help));
      return this;
    }

    /** What the body of a cell magic means (shown in its help). */
    public Builder body(String help) {
      if (!cellMagic) {
        throw new IllegalStateException("only cell magics have a body");
      }
      this.bodyHelp = help;
      return this;
    }

    public ArgSchema build() {
      long trailing =
          args.stream().filter(a -> a.kind != Kind.REQUIRED && a.kind != Kind.OPTIONAL).count();
      if (trailing > 1) {
        throw new IllegalStateException(name + ": at most one text, varargs or pairs argument");
      }
      return new ArgSchema(this);
    }

    private Builder add(Arg arg) {
      if (!args.isEmpty()
          && args.get(args.size() - 1).kind != Kind.REQUIRED
          && arg.kind == Kind.REQUIRED) {
        throw new IllegalStateException(
            name + ": a required argument cannot follow an optional one");
      }
      args.add(arg);
      return this;
    }
  }
}
