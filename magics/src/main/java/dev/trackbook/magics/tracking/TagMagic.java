package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;
import java.util.Map;

/** {@code %tag k=v ...}: sets tags on the active run. */
public final class TagMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line("tag", "Set tags on the active run (a run starts by itself on the first log).")
          .pairs("tag name and text value; quote values with spaces: team=\"data science\"")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public boolean logsToRun(ParsedArgs args) {
    return true;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    StringBuilder java = new StringBuilder();
    for (Map.Entry<String, String> e : args.pairs().entrySet()) {
      TrackingNames.checkKey(args, "tag", e.getKey());
      TrackingNames.checkValueLength(
          args, e.getKey(), e.getValue(), TrackingNames.MAX_TAG_VALUE_LENGTH);
      java.append(tracking)
          .append(".tag(")
          .append(string(e.getKey()))
          .append(", ")
          .append(string(e.getValue()))
          .append(");\n");
    }
    return JavaCall.statements(java.toString().stripTrailing());
  }
}
