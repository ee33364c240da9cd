package dev.trackbook.magics.model;

import dev.trackbook.magics.args.ParsedArgs;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks of model names and aliases shared by the model magics. */
final class ModelNames {
  // A model name is both an artifact directory and a registered-model name: keep it path-safe.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,249}");
  // MLflow's alias rule: letters, digits, '_' and '-'; "latest" and vN are reserved.
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern RESERVED_ALIAS = Pattern.compile("latest|v\\d+");

  private ModelNames() {}

  static String checkName(ParsedArgs args, String name) {
    if (!NAME.matcher(name).matches()) {
      throw args.usageError(
          "model name '" + name + "' must be letters, digits, '_', '.' or '-' (no '/')");
    }
    return name;
  }

  static String checkAlias(ParsedArgs args, String alias) {
    if (!ALIAS.matcher(alias).matches()
        || RESERVED_ALIAS.matcher(alias.toLowerCase(Locale.ROOT)).matches()) {
      throw args.usageError(
          "alias '" + alias + "' must be letters, digits, '_' or '-', and not latest or vN");
    }
    return alias;
  }
}
