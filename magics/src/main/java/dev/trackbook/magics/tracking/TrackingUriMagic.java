package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.net.URI;
import java.net.URISyntaxException;

/** {@code %tracking URI}: switches the tracking server. */
public final class TrackingUriMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "tracking",
              "Log to another tracking server from now on (default: $TRACKBOOK_TRACKING_URI,"
                  + " else $MLFLOW_TRACKING_URI,\nelse http://localhost:5000).")
          .required("URI", "the server's base URI, e.g. http://localhost:5000")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    String uri = args.required("URI");
    try {
      URI parsed = new URI(uri);
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())
          || parsed.getHost() == null) {
        throw args.usageError("expected an http:// or https:// URI, got '" + uri + "'");
      }
    } catch (URISyntaxException e) {
      throw args.usageError("expected an http:// or https:// URI, got '" + uri + "'");
    }
    return JavaCall.statements(tracking + ".setTrackingUri(" + string(uri) + ");");
  }

  // The session must hear of the new URI: a call of its own.
  @Override
  public boolean inlineInBlocks() {
    return false;
  }

  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    session.eval(toJava(args, body, NotebookSession.TRACKING).statements());
    session.trackingUriChanged(args.required("URI"));
    return null;
  }
}
