package dev.trackbook.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UI's routes inside the real app factory: the page and its assets are served with the CSP,
 * nothing outside {@code ui/} can be named, and the REST paths still reach the API. The store is
 * never touched by these requests, so it is a stand-in that fails loudly if it were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private TrackingServer server;

  @BeforeAll
  void start() throws IOException {
    TrackingStore untouchable =
        (TrackingStore)
            Proxy.newProxyInstance(
                TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class},
                (proxy, method, args) -> {
                  throw new AssertionError("the UI routes must not use the store: " + method);
                });
    Path artifacts = Files.createTempDirectory("trackbook-ui-test-");
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                untouchable,
                new LocalArtifactRepository(artifacts),
                Clock.systemUTC())
            .start();
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rootServesThePageWithTheContentSecurityPolicy() throws Exception {
    HttpResponse<String> res = get("/");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(res.headers().firstValue("Content-Security-Policy"))
        .hasValue(WebUi.CONTENT_SECURITY_POLICY);
    assertThat(WebUi.CONTENT_SECURITY_POLICY).startsWith("default-src 'self'");
    assertThat(res.body()).contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>");
  }

  @Test
  void everyAssetThePageNamesIsServed() throws Exception {
    String page = get("/").body();
    Matcher m = Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"").matcher(page);
    int count = 0;
    while (m.find()) {
      HttpResponse<String> res = get(m.group(1));
      assertThat(res.statusCode()).as(m.group(1)).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Security-Policy")).isPresent();
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(3);
  }

  @Test
  void javascriptModulesAreServedAsJavascript() throws Exception {
    for (String path : List.of("/ui/js/app.js", "/ui/vendor/uPlot.esm.js")) {
      HttpResponse<String> res = get(path);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      // Browsers refuse a module script with a non-JavaScript MIME type under nosniff.
      assertThat(res.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
    }
    assertThat(get("/ui/vendor/uPlot.esm.js").body()).contains("export { uPlot as default }");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ui/nope.js",
        "/ui/../dev/trackbook/server/ui/WebUi.class",
        "/ui/%2e%2e/%2e%2e/META-INF/MANIFEST.MF",
        "/ui/js/..%2f..%2findex.html",
        "/ui/dev/trackbook/server/ui/WebUi.class",
        "/ui/vendor/../../../../META-INF/maven/org.webjars.npm/uplot/pom.xml",
        "/ui/js/app.js.map"
      })
  void nothingOutsideTheUiFolderCanBeNamed(String path) throws Exception {
    HttpResponse<String> res = get(path);
    assertThat(res.statusCode()).isIn(400, 404);
    assertThat(res.body()).doesNotContain("class").doesNotContain("Manifest-Version");
  }

  @Test
  void restPathsStillReachTheApi() throws Exception {
    assertThat(get("/health").body()).isEqualTo("OK");
    assertThat(get("/version").body()).isNotBlank().doesNotContain("<html");
    HttpResponse<String> unknown = get("/ajax-api/2.0/mlflow/no-such-endpoint");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("error_code").doesNotContain("<html");
  }

  /**
   * The escaping rule of issue 4 as a check on the sources: user text enters the DOM through
   * textContent only, so none of the UI's scripts may use an HTML-parsing sink or eval.
   */
  @Test
  void noScriptUsesAnHtmlSinkOrEval() throws Exception {
    Pattern sinks =
        Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(");
    List<String> scripts = uiScripts();
    assertThat(scripts).contains("js/app.js", "js/dom.js", "js/chart.js", "js/pages/runs.js");
    for (String script : scripts) {
      String source = resource("ui/" + script);
      assertThat(sinks.matcher(source).find()).as(script).isFalse();
    }
  }

  @Test
  void thePageHasNoInlineScriptOrStyle() throws Exception {
    String page = resource("ui/index.html");
    // CSP default-src 'self' blocks inline code; the page must not depend on any.
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
    assertThat(page).doesNotContain("style=").doesNotContain("<style");
    assertThat(page).doesNotContainPattern("\\son[a-z]+\\s*=");
  }

  private static List<String> uiScripts() throws Exception {
    Path root = Path.of(WebUiTest.class.getClassLoader().getResource("ui").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".js"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = WebUiTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
