package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code %artifact PATH [DIR]}: uploads a file into the active run's artifacts. */
public final class ArtifactMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line("artifact", "Upload a file into the active run's artifacts.")
          .required("PATH", "the file, relative to the notebook's directory")
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
            .map(dir -> tracking + ".artifact(" + file + ", " + string(dir) + ");")
            .orElse(tracking + ".artifact(" + file + ");"));
  }

  /** In a notebook the file must exist now: the upload happens later, in the background. */
  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    JavaCall call = toJava(args, body, NotebookSession.TRACKING);
    Path file = Path.of(args.required("PATH"));
    if (!Files.isRegularFile(file)) {
      throw args.usageError("no such file: " + file.toAbsolutePath().normalize());
    }
    session.eval(call.statements());
    return null;
  }
}
