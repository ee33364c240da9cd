package dev.trackbook.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The few MLflow REST endpoints the client needs. Only endpoints of MLflow's own API are used, so
 * the client works against a real MLflow server as well as against Trackbook's. See
 * https://mlflow.org/docs/latest/rest-api.html.
 *
 * <p>Calls go over {@link HttpURLConnection} (pooled keep-alive connections, blocking I/O on the
 * caller's thread), not {@code java.net.http.HttpClient}: that client keeps a selector thread
 * waiting in native code for as long as the JVM lives, and a JVM exiting with such a thread waits
 * 300 ms for it. Every kernel and pipeline process that tracked anything paid that at exit. Request
 * bodies are sent in fixed-length streaming mode, which also stops the JDK from silently re-sending
 * a POST on a dropped keep-alive connection.
 */
public final class MlflowRestApi {
  /** The tag that makes run creation idempotent: a retry first searches for it. */
  public static final String CLIENT_RUN_KEY_TAG = "trackbook.client_run_key";

  private final AtomicLong bytesSent = new AtomicLong();
  private static final String API = "/api/2.0/mlflow/";
  private static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final String ARTIFACTS_LIST = "/api/2.0/mlflow-artifacts/artifacts";
  private static final String ARTIFACT_SCHEME = "mlflow-artifacts:";

  private static final int CONNECT_TIMEOUT_MILLIS = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUri;
  private final String authorization;
  private final Duration requestTimeout;

  /**
   * @param trackingUri e.g. {@code http://localhost:5000}
   * @param authorization an {@code Authorization} header value, or null
   */
  public MlflowRestApi(String trackingUri, String authorization, Duration requestTimeout) {
    this.baseUri =
        trackingUri.endsWith("/")
            ? trackingUri.substring(0, trackingUri.length() - 1)
            : trackingUri;
    this.authorization = authorization;
    this.requestTimeout = requestTimeout;
  }

  public String trackingUri() {
    return baseUri;
  }

  /** The id of the experiment with this name, creating it when missing. */
  public String resolveExperiment(String name)
      throws ServerUnreachableException, RequestRejectedException {
    String id = experimentIdByName(name);
    if (id != null) {
      return id;
    }
    ObjectNode body = JSON.createObjectNode().put("name", name);
    try {
      return post("experiments/create", body).path("experiment_id").asText();
    } catch (RequestRejectedException e) {
      if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        id = experimentIdByName(name); // created concurrently by someone else
        if (id != null) {
          return id;
        }
      }
      throw e;
    }
  }

  private String experimentIdByName(String name)
      throws ServerUnreachableException, RequestRejectedException {
    JsonNode experiment;
    try {
      experiment =
          get("experiments/get-by-name?experiment_name=" + encode(name)).path("experiment");
    } catch (RequestRejectedException e) {
      if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return null;
      }
      throw e;
    }
    if ("deleted".equalsIgnoreCase(experiment.path("lifecycle_stage").asText())) {
      throw new RequestRejectedException(
          400,
          "INVALID_PARAMETER_VALUE",
          "experiment '" + name + "' is deleted; restore it or choose another name");
    }
    return experiment.path("experiment_id").asText();
  }

  /** The run carrying tag {@link #CLIENT_RUN_KEY_TAG} = {@code runKey}, or null. */
  public RemoteRun findRunByClientKey(String experimentId, String runKey)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("experiment_ids").add(experimentId);
    // Backticks quote a key containing dots (MLflow's search syntax); the run key is a UUID.
    body.put("filter", "tags.`" + CLIENT_RUN_KEY_TAG + "` = '" + runKey + "'");
    body.put("run_view_type", "ALL");
    body.put("max_results", 1);
    JsonNode runs = post("runs/search", body).path("runs");
    return runs.isArray() && runs.size() > 0 ? remoteRun(runs.get(0)) : null;
  }

  public RemoteRun createRun(
      String experimentId, long startTime, String runName, Map<String, String> tags)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("experiment_id", experimentId);
    body.put("start_time", startTime);
    if (runName != null) {
      body.put("run_name", runName);
    }
    // The run's info carries its user too, as MLflow's clients send it (user_id from the
    // mlflow.user tag): the web UI's User column and `attributes.user_id` filters read it.
    String user = tags.get("mlflow.user");
    if (user != null) {
      body.put("user_id", user);
    }
    ArrayNode tagArray = body.putArray("tags");
    tags.forEach((k, v) -> tagArray.addObject().put("key", k).put("value", v));
    return remoteRun(post("runs/create", body).path("run"));
  }

  /** One metric point of a log-batch call. */
  public record MetricPoint(String key, double value, long timestamp, long step) {}

  /** Sends one runs/log-batch call; the caller keeps MLflow's per-call limits. */
  public void logBatch(
      String runId,
      List<MetricPoint> metrics,
      List<Map.Entry<String, String>> params,
      List<Map.Entry<String, String>> tags)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId);
    ArrayNode metricArray = body.putArray("metrics");
    for (MetricPoint m : metrics) {
      ObjectNode node = metricArray.addObject().put("key", m.key());
      if (Double.isFinite(m.value())) {
        node.put("value", m.value());
      } else {
        // Protobuf's JSON mapping spells non-finite doubles as strings; MLflow accepts them.
        node.put(
            "value", Double.isNaN(m.value()) ? "NaN" : m.value() > 0 ? "Infinity" : "-Infinity");
      }
      node.put("timestamp", m.timestamp()).put("step", m.step());
    }
    ArrayNode paramArray = body.putArray("params");
    params.forEach(p -> paramArray.addObject().put("key", p.getKey()).put("value", p.getValue()));
    ArrayNode tagArray = body.putArray("tags");
    tags.forEach(t -> tagArray.addObject().put("key", t.getKey()).put("value", t.getValue()));
    post("runs/log-batch", body);
  }

  /** Records one dataset as an input of the run; MLflow's tag mlflow.data.context names its use. */
  public void logInput(
      String runId, String name, String digest, String sourceType, String source, String context)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId);
    ObjectNode input = body.putArray("datasets").addObject();
    if (context != null) {
      input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", context);
    }
    input
        .putObject("dataset")
        .put("name", name)
        .put("digest", digest)
        .put("source_type", sourceType)
        .put("source", source);
    post("runs/log-inputs", body);
  }

  public void updateRun(String runId, String status, long endTime)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId).put("run_uuid", runId).put("status", status).put("end_time", endTime);
    post("runs/update", body);
  }

  /**
   * Request-body bytes written so far, by every call: a caller waiting for a large upload tells one
   * that is slowly going out from a server that stopped answering.
   */
  public long bytesSent() {
    return bytesSent.get();
  }

  /**
   * Uploads a file with a plain PUT to MLflow's artifact proxy. Only {@code mlflow-artifacts:}
   * roots are served over HTTP (MLflow's {@code --serve-artifacts}, Trackbook's default).
   */
  public void uploadArtifact(String artifactUri, String artifactPath, Path file)
      throws ServerUnreachableException, RequestRejectedException, IOException {
    String uri = baseUri + ARTIFACTS_API + encodePath(proxyPath(artifactUri) + "/" + artifactPath);
    long size = Files.size(file);
    answer(
        "PUT",
        uri,
        requestTimeout.multipliedBy(10),
        "application/octet-stream",
        size,
        out -> Files.copy(file, out));
  }

  /** The run's identity, artifact root and lifecycle stage ({@code runs/get}). */
  public RemoteRun getRun(String runId)
      throws ServerUnreachableException, RequestRejectedException {
    return remoteRun(get("runs/get?run_id=" + encode(runId)).path("run"));
  }

  /** A registered model version, as the registry's REST API describes it. */
  public record ModelVersion(
      String name, String version, String source, String runId, Map<String, String> tags) {}

  /**
   * Creates registered model {@code name} unless it exists ({@code registered-models/create};
   * RESOURCE_ALREADY_EXISTS is not an error here).
   */
  public void ensureRegisteredModel(String name)
      throws ServerUnreachableException, RequestRejectedException {
    try {
      post("registered-models/create", JSON.createObjectNode().put("name", name));
    } catch (RequestRejectedException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
    }
  }

  /**
   * A new version of {@code name} for the files at {@code source} ({@code model-versions/create}).
   */
  public ModelVersion createModelVersion(String name, String source, String runId)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("source", source);
    if (runId != null) {
      body.put("run_id", runId);
    }
    return modelVersion(post("model-versions/create", body).path("model_version"));
  }

  /** {@code model-versions/get}. */
  public ModelVersion getModelVersion(String name, String version)
      throws ServerUnreachableException, RequestRejectedException {
    return modelVersion(
        get("model-versions/get?name=" + encode(name) + "&version=" + encode(version))
            .path("model_version"));
  }

  /** The version an alias points at ({@code registered-models/alias}, GET). */
  public ModelVersion getModelVersionByAlias(String name, String alias)
      throws ServerUnreachableException, RequestRejectedException {
    return modelVersion(
        get("registered-models/alias?name=" + encode(name) + "&alias=" + encode(alias))
            .path("model_version"));
  }

  /**
   * The newest version of {@code name} in {@code stage}, or in any stage when {@code stage} is null
   * ({@code registered-models/get-latest-versions}, then the highest version number, as MLflow
   * resolves {@code models:/NAME/latest}); null when there is none.
   */
  public ModelVersion latestModelVersion(String name, String stage)
      throws ServerUnreachableException, RequestRejectedException {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    if (stage != null) {
      body.putArray("stages").add(stage);
    }
    ModelVersion newest = null;
    for (JsonNode v : post("registered-models/get-latest-versions", body).path("model_versions")) {
      ModelVersion version = modelVersion(v);
      if (newest == null || Long.parseLong(version.version()) > Long.parseLong(newest.version())) {
        newest = version;
      }
    }
    return newest;
  }

  /** Points {@code alias} at {@code version} ({@code registered-models/alias}, POST). */
  public void setModelAlias(String name, String alias, String version)
      throws ServerUnreachableException, RequestRejectedException {
    post(
        "registered-models/alias",
        JSON.createObjectNode().put("name", name).put("alias", alias).put("version", version));
  }

  /** {@code model-versions/set-tag}. */
  public void setModelVersionTag(String name, String version, String key, String value)
      throws ServerUnreachableException, RequestRejectedException {
    post(
        "model-versions/set-tag",
        JSON.createObjectNode()
            .put("name", name)
            .put("version", version)
            .put("key", key)
            .put("value", value));
  }

  /** Where a version's files are ({@code model-versions/get-download-uri}). */
  public String modelVersionDownloadUri(String name, String version)
      throws ServerUnreachableException, RequestRejectedException {
    return get("model-versions/get-download-uri?name="
            + encode(name)
            + "&version="
            + encode(version))
        .path("artifact_uri")
        .asText(null);
  }

  /**
   * Downloads every file under an {@code mlflow-artifacts:} URI into {@code target}, keeping the
   * relative layout (MLflow's artifact proxy: list with {@code GET artifacts?path=}, fetch with
   * {@code GET artifacts/<path>}).
   */
  public void downloadArtifacts(String artifactUri, Path target)
      throws ServerUnreachableException, RequestRejectedException, IOException {
    String root = proxyPath(artifactUri);
    java.nio.file.Files.createDirectories(target);
    JsonNode files = getFromRoot(ARTIFACTS_LIST + "?path=" + encode(root)).path("files");
    for (JsonNode file : files) {
      String name = file.path("path").asText();
      String child = root.isEmpty() ? name : root + "/" + name;
      if (name.isEmpty() || name.contains("..") || name.contains("/")) {
        throw new IOException("unexpected artifact name '" + name + "' under " + artifactUri);
      }
      if (file.path("is_dir").asBoolean()) {
        downloadArtifacts(ARTIFACT_SCHEME + "/" + child, target.resolve(name));
      } else {
        download(baseUri + ARTIFACTS_API + encodePath(child), child, target.resolve(name));
      }
    }
  }

  private static String proxyPath(String artifactUri) throws RequestRejectedException {
    if (artifactUri == null || !artifactUri.startsWith(ARTIFACT_SCHEME)) {
      throw new RequestRejectedException(
          400,
          "INVALID_PARAMETER_VALUE",
          "artifact location '"
              + artifactUri
              + "' is not served over HTTP by the tracking server (MLflow: --serve-artifacts)");
    }
    String root = artifactUri.substring(ARTIFACT_SCHEME.length());
    if (root.startsWith("//")) { // mlflow-artifacts://host:port/path names its server: use ours
      int slash = root.indexOf('/', 2);
      root = slash < 0 ? "" : root.substring(slash);
    }
    while (root.startsWith("/")) {
      root = root.substring(1);
    }
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return root;
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        out.append(out.length() == 0 ? "" : "/").append(encode(segment).replace("+", "%20"));
      }
    }
    return out.toString();
  }

  private static ModelVersion modelVersion(JsonNode v) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    v.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    return new ModelVersion(
        v.path("name").asText(),
        v.path("version").asText(),
        v.path("source").asText(null),
        v.path("run_id").asText(null),
        tags);
  }

  /**
   * Fetches one file; an error answer is reported, never written where the file would be, and a
   * download cut short leaves no partial file.
   */
  private void download(String uri, String artifactPath, Path file)
      throws RequestRejectedException, IOException {
    HttpURLConnection c = open("GET", uri, requestTimeout);
    int status = c.getResponseCode();
    if (status != 200) {
      drain(status >= 400 ? c.getErrorStream() : c.getInputStream());
      throw new RequestRejectedException(
          status,
          "RESOURCE_DOES_NOT_EXIST",
          "cannot download " + artifactPath + ": HTTP " + status);
    }
    try (InputStream in = c.getInputStream()) {
      long written = Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      long expected = c.getContentLengthLong();
      if (expected >= 0 && written != expected) {
        throw new IOException(
            "download of "
                + artifactPath
                + " cut short: "
                + written
                + " of "
                + expected
                + " bytes");
      }
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private JsonNode getFromRoot(String pathAndQuery)
      throws ServerUnreachableException, RequestRejectedException {
    return answer("GET", baseUri + pathAndQuery, requestTimeout, null, -1, null);
  }

  /**
   * Whether a server answers at all ({@code GET /health}): any HTTP answer counts, only a failed
   * connection or no answer within the request timeout does not.
   */
  public boolean answers() {
    try {
      HttpURLConnection c = open("GET", baseUri + "/health", requestTimeout);
      drain(c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Any MLflow REST read, for callers that need more of the API than this class wraps: {@code GET
   * /api/2.0/mlflow/<endpointAndQuery>} (the query already encoded). JSON travels as text because
   * this jar's Jackson is relocated: callers parse it with their own.
   */
  public String getJson(String endpointAndQuery)
      throws ServerUnreachableException, RequestRejectedException {
    return new String(
        exchange("GET", baseUri + API + endpointAndQuery, requestTimeout, null, -1, null),
        StandardCharsets.UTF_8);
  }

  /** Any MLflow REST call with a JSON body: {@code POST /api/2.0/mlflow/<endpoint>}. */
  public String postJson(String endpoint, String jsonBody)
      throws ServerUnreachableException, RequestRejectedException {
    byte[] bytes = jsonBody.getBytes(StandardCharsets.UTF_8);
    return new String(
        exchange(
            "POST",
            baseUri + API + endpoint,
            requestTimeout,
            "application/json",
            bytes.length,
            out -> out.write(bytes)),
        StandardCharsets.UTF_8);
  }

  private JsonNode get(String endpoint)
      throws ServerUnreachableException, RequestRejectedException {
    return answer("GET", baseUri + API + endpoint, requestTimeout, null, -1, null);
  }

  private JsonNode post(String endpoint, ObjectNode body)
      throws ServerUnreachableException, RequestRejectedException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
    return answer(
        "POST",
        baseUri + API + endpoint,
        requestTimeout,
        "application/json",
        bytes.length,
        out -> out.write(bytes));
  }

  /** Writes a request body. */
  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private HttpURLConnection open(String method, String uri, Duration timeout) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(uri).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  /**
   * One call: sends the body (if any), reads the whole answer (so the connection goes back to the
   * pool) and turns it into JSON or the exception its status stands for.
   */
  private JsonNode answer(
      String method, String uri, Duration timeout, String contentType, long length, Body body)
      throws ServerUnreachableException, RequestRejectedException {
    byte[] bytes = exchange(method, uri, timeout, contentType, length, body);
    try {
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      // A 2xx that is not JSON is no MLflow answer (a proxy's page): taking it as {} would record
      // empty ids for good; retry later instead.
      throw new ServerUnreachableException(
          method + " " + uri + ": the answer is not JSON (is this an MLflow tracking server?)", e);
    }
  }

  /** {@link #answer} as the answer's bytes. */
  private byte[] exchange(
      String method, String uri, Duration timeout, String contentType, long length, Body body)
      throws ServerUnreachableException, RequestRejectedException {
    int status;
    byte[] bytes;
    HttpURLConnection c;
    try {
      c = open(method, uri, timeout);
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", contentType);
        c.setFixedLengthStreamingMode(length);
      }
      c.connect();
    } catch (IOException e) {
      throw new ServerUnreachableException(method + " " + uri + ": " + describe(e), e);
    }
    // A blocking write has no timeout of its own: past twice the timeout (reads time out first)
    // the connection is closed, so a server that stops reading a large upload cannot hold the
    // caller (and the journal) forever.
    java.util.concurrent.atomic.AtomicBoolean expired =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ScheduledFuture<?> deadline =
        DEADLINES.schedule(
            () -> {
              expired.set(true);
              c.disconnect();
            },
            2 * timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      if (body != null) {
        try (OutputStream out = new CountingOutputStream(c.getOutputStream(), bytesSent)) {
          body.writeTo(out);
        }
      }
      try {
        status = c.getResponseCode();
      } catch (HttpRetryException e) {
        // The JDK answers every 401 to a streamed body this way, dropping the server's reason.
        status = e.responseCode();
      }
      bytes = status >= 400 ? drain(c.getErrorStream()) : readWhole(c);
    } catch (java.net.SocketTimeoutException e) {
      throw new ServerUnreachableException(
          method + " " + uri + ": no answer within " + timeout.toMillis() + " ms", e, true);
    } catch (IOException e) {
      boolean late = expired.get();
      throw new ServerUnreachableException(
          method
              + " "
              + uri
              + ": "
              + (late ? "no answer within " + timeout.toMillis() + " ms" : describe(e)),
          e,
          late);
    } finally {
      deadline.cancel(false);
    }
    if (status / 100 != 2) {
      throwFor(method, uri, status, parse(bytes));
    }
    return bytes;
  }

  /** Closes connections whose call outlived its timeout (see {@link #exchange}). */
  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "trackbook-http-deadlines");
            t.setDaemon(true);
            return t;
          });

  /**
   * A 2xx answer's body, all of it: an answer cut short (fewer bytes than its Content-Length) is a
   * failed call, not a shorter answer.
   */
  private static byte[] readWhole(HttpURLConnection c) throws IOException {
    byte[] bytes = drain(c.getInputStream());
    long expected = c.getContentLengthLong();
    if (expected >= 0 && bytes.length != expected) {
      throw new IOException("answer cut short: " + bytes.length + " of " + expected + " bytes");
    }
    return bytes;
  }

  private static byte[] drain(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  /** Throws the exception an error answer stands for. */
  private static void throwFor(String method, String uri, int status, JsonNode body)
      throws ServerUnreachableException, RequestRejectedException {
    String reason = body.path("message").asText("");
    String message = reason.isEmpty() ? "HTTP " + status + " from " + method + " " + uri : reason;
    String code = body.path("error_code").asText(null);
    if (status >= 500 || status == 408 || status == 429) {
      throw new ServerUnreachableException("HTTP " + status + ": " + message, status);
    }
    if (status == 413) {
      // Often a proxy's limit (nginx: client_max_body_size 1m) on an artifact or a wide batch. Sent
      // again as it is, it would be refused forever: a rejection the caller splits or drops.
      throw new RequestRejectedException(
          413,
          code == null ? RequestRejectedException.REQUEST_TOO_LARGE : code,
          "HTTP 413: "
              + (reason.isEmpty()
                  ? "larger than the server or a proxy in front of it accepts (raise that limit,"
                      + " e.g. nginx client_max_body_size)"
                  : reason));
    }
    if (status == 401 || status == 403) {
      // Not an answer about this record but about our token: keep the journal (see the class).
      throw new CredentialsRejectedException(
          status, "HTTP " + status + " from " + uri + (reason.isEmpty() ? "" : ": " + reason));
    }
    if (code == null) {
      // Not an answer about this record: not an MLflow server at all (a proxy's or another
      // service's 404). Dropping the journal would lose data the user can still deliver by fixing
      // the URI, so keep it and retry.
      throw new ServerUnreachableException(
          "HTTP " + status + " from " + uri + " (is this an MLflow tracking server?)", status);
    }
    throw new RequestRejectedException(status, code, message);
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode(); // a proxy's HTML error page, say
    }
  }

  private static RemoteRun remoteRun(JsonNode run) {
    JsonNode info = run.path("info");
    String runId = info.path("run_id").asText(info.path("run_uuid").asText());
    return new RemoteRun(
        runId,
        info.path("experiment_id").asText(),
        info.path("artifact_uri").asText(null),
        "deleted".equals(info.path("lifecycle_stage").asText()));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  /** {@code s} encoded for a query string value. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Counts what goes through, for {@link #bytesSent}. */
  private static final class CountingOutputStream extends FilterOutputStream {
    private final AtomicLong count;

    CountingOutputStream(OutputStream out, AtomicLong count) {
      super(out);
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }
  }
}
