package dev.trackbook.magics.args;

import dev.trackbook.magics.MagicUsageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The arguments of one magic call, matched against its {@link ArgSchema}. */
public final class ParsedArgs {

  private final ArgSchema schema;
  private final Map<String, String> values;
  private final Map<String, List<String>> lists;
  private final Map<String, String> pairs;
  private final Map<String, String> options;

  ParsedArgs(
      ArgSchema schema,
      Map<String, String> values,
      Map<String, List<String>> lists,
      Map<String, String> pairs,
      Map<String, String> options) {
    this.schema = schema;
    this.values = Map.copyOf(values);
    this.lists = Map.copyOf(lists);
    this.pairs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pairs));
    this.options = Map.copyOf(options);
  }

  /** The value of a positional or text argument, by its metavar. */
  public Optional<String> get(String metavar) {
    return Optional.ofNullable(values.get(metavar));
  }

  /** The value of a required positional or text argument (the schema guarantees it is there). */
  public String required(String metavar) {
    return get(metavar)
        .orElseThrow(() -> new IllegalStateException("not declared required: " + metavar));
  }

  /** The words of a varargs argument, empty if absent. */
  public List<String> list(String metavar) {
    return lists.getOrDefault(metavar, List.of());
  }

  /** The key=value pairs in the order given. */
  public Map<String, String> pairs() {
    return pairs;
  }

  /** The value of a {@code key=VALUE} option. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /** A usage error naming this call's magic. */
  public MagicUsageException usageError(String message) {
    return schema.usageError(message);
  }
}
