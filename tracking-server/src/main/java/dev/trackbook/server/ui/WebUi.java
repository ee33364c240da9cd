package dev.trackbook.server.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Serves the web UI: the single page at {@code /} and its static assets under {@code /ui/}. The UI
 * is a client of the MLflow-compatible REST API ({@code /ajax-api/2.0/mlflow/}), so this class only
 * hands out files; it registers nothing under {@code /api}, {@code /ajax-api}, {@code /health} or
 * {@code /version}.
 *
 * <p>Every response carries {@link #CONTENT_SECURITY_POLICY}: the page loads script, style and
 * images from this origin only, which is what keeps user text (run names, params, notes) from ever
 * running as script even if a rendering bug slipped through.
 */
public final class WebUi {

  /**
   * {@code default-src 'self'} as issue 4 asks; no inline script or style. {@code object-src},
   * {@code base-uri} and {@code frame-ancestors} are not covered by default-src, so they are closed
   * explicitly (https://www.w3.org/TR/CSP3/#directive-default-src). {@code img-src blob:}: in
   * {@code --auth} mode an image artifact is fetched with the token and shown from a blob: URL
   * (bytes this page fetched itself, not a remote source).
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  /** Where the UI's own files live on the classpath. */
  static final String RESOURCE_ROOT = "ui/";

  /** Where the UI's URL space starts; everything else belongs to the REST layer. */
  static final String ASSET_PREFIX = "/ui/";

  /**
   * Asset names we hand out: a closed alphabet (no {@code ..}, no backslash, no percent escapes)
   * and known extensions, so a request can never name a class file or anything outside {@code ui/}.
   */
  private static final Pattern ASSET_NAME =
      Pattern.compile("(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\\.(?:js|css|html|svg|png|ico)");

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "html", "text/html; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  /** uPlot comes from its WebJar; the page asks for it under a version-free name. */
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private static final String VENDOR_DIR = "vendor/";

  private final ClassLoader loader;
  private final String uplotDist;

  private WebUi(ClassLoader loader) {
    this.loader = loader;
    this.uplotDist =
        "META-INF/resources/webjars/uplot/" + webjarVersion(loader, UPLOT_POM) + "/dist/";
  }

  /**
   * Registers the UI's routes ({@code GET /} and {@code GET /ui/*}) on a Javalin configuration.
   * Call it once from the server's app factory.
   */
  public static void register(JavalinConfig config) {
    WebUi ui = new WebUi(WebUi.class.getClassLoader());
    config.routes.get("/", ui::index);
    config.routes.get(ASSET_PREFIX + "*", ui::asset);
  }

  private void index(Context ctx) {
    send(ctx, RESOURCE_ROOT + "index.html", "html");
  }

  private void asset(Context ctx) {
    String name = ctx.path().substring(ASSET_PREFIX.length());
    if (!ASSET_NAME.matcher(name).matches()) {
      notFound(ctx);
      return;
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    String resource =
        name.startsWith(VENDOR_DIR)
            ? uplotDist + name.substring(VENDOR_DIR.length())
            : RESOURCE_ROOT + name;
    send(ctx, resource, ext);
  }

  private void send(Context ctx, String resource, String ext) {
    byte[] body;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        notFound(ctx);
        return;
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read UI asset " + resource, e);
    }
    securityHeaders(ctx);
    // Assets are small and change with every build; revalidating keeps a deploy from mixing an
    // old app.js with a new index.html.
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(CONTENT_TYPES.get(ext));
    ctx.result(body);
  }

  private static void notFound(Context ctx) {
    securityHeaders(ctx);
    ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain; charset=utf-8").result("Not found");
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
  }

  private static String webjarVersion(ClassLoader loader, String pomProperties) {
    try (InputStream in = loader.getResourceAsStream(pomProperties)) {
      if (in == null) {
        throw new IllegalStateException(
            "the uPlot WebJar is missing from the classpath (" + pomProperties + ")");
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
