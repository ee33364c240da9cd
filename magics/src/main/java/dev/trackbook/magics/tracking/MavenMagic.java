package dev.trackbook.magics.tracking;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code %maven g:a:v ...} (or one of IJava's names for it, {@code %addMavenDependencies}) as the
 * pipeline rewriter reads it: the kernel resolves these itself, a pipeline lists them in its
 * dependency header. Only {@link dev.trackbook.magics.MagicRewriter} uses this class.
 */
public final class MavenMagic implements Magic {

  // group:artifact:version, optionally with packaging and classifier (g:a:packaging:classifier:v).
  private static final Pattern COORDINATE = Pattern.compile("[^:\\s]+(:[^:\\s]+){2,4}");

  private final ArgSchema schema;

  /** The magic called {@code %name}, which its errors start with. */
  public MavenMagic(String name) {
    schema =
        ArgSchema.line(name, "Add Maven artifacts (and their dependencies) to the classpath.")
            .varargs("COORDINATES", "group:artifact:version")
            .build();
  }

  @Override
  public ArgSchema schema() {
    return schema;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    coordinates(args);
    return JavaCall.none();
  }

  /** The coordinates of this call, each checked to look like {@code group:artifact:version}. */
  public List<String> coordinates(ParsedArgs args) {
    List<String> coordinates = args.list("COORDINATES");
    for (String c : coordinates) {
      if (!COORDINATE.matcher(c).matches()) {
        throw args.usageError("expected group:artifact:version, got '" + c + "'");
      }
    }
    return coordinates;
  }
}
