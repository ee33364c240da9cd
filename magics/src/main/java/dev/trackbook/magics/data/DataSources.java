package dev.trackbook.magics.data;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.args.JavaLiterals;
import dev.trackbook.magics.args.ParsedArgs;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The arguments {@code %dataset} and {@code %drift} share: the dataset's name, and the data, a
 * Tablesaw table variable or a CSV path.
 */
final class DataSources {

  /** Where the data magics' code lives: module tracking-data, added with {@code %maven}. */
  static final String DATASETS = "dev.trackbook.data.Datasets";

  private DataSources() {}

  /** The NAME argument; an empty one ({@code %dataset "" data.csv}) is a usage error. */
  static String name(ParsedArgs args) {
    String name = args.required("NAME");
    if (name.isBlank()) {
      throw args.usageError("NAME must not be empty");
    }
    return name;
  }

  /** Java for the argument: the variable itself, or {@code java.nio.file.Path.of("...")}. */
  static String java(ParsedArgs args, String metavar) {
    String source = args.required(metavar);
    if (JavaLiterals.isIdentifier(source)) {
      return source;
    }
    try {
      Path.of(source);
    } catch (InvalidPathException e) {
      throw args.usageError("invalid path '" + source + "'");
    }
    return "java.nio.file.Path.of(" + string(source) + ")";
  }
}
