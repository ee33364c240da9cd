package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.client.CallValidation;
import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code %artifact PATH [DIR]}: uploads a file, or a directory's files, into the active run's
 * artifacts, as {@code Tracking.artifact} does.
 */
public final class ArtifactMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "artifact", "Upload a file, or a directory's files, into the active run's artifacts.")
          .required("PATH", "the file or directory, relative to the notebook's directory")
          .optional("DIR", "directory inside the run's artifacts (default: the top)")
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
    String path = args.required("PATH");
    try {
      Path.of(path);
    } catch (InvalidPathException e) {
      throw args.usageError("invalid path '" + path + "'");
    }
    String file = "java.nio.file.Path.of(" + string(path) + ")";
    return JavaCall.statements(
        args.get("DIR")
            .map(dir -> tracking + ".artifact(" + file + ", " + string(directory(args, dir)) + ");")
            .orElse(tracking + ".artifact(" + file + ");"));
  }

  /**
   * DIR as the client reads it ('\\' as '/', no trailing '/'), refused here when the client would
   * refuse it: there it is only a line on stderr, and the artifact is not logged.
   */
  private static String directory(ParsedArgs args, String dir) {
    String normalized = CallValidation.artifactDirectory(dir);
    if (!normalized.isEmpty()) {
      TrackingNames.checkKey(args, "artifact directory", normalized);
    }
    return normalized;
  }

  /** In a notebook the file must exist now: the upload happens later, in the background. */
  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    JavaCall call = toJava(args, body, NotebookSession.TRACKING);
    Path file = Path.of(args.required("PATH"));
    if (!Files.exists(file)) {
      throw args.usageError("no such file or directory: " + file.toAbsolutePath().normalize());
    }
    session.eval(call.statements());
    return null;
  }
}
