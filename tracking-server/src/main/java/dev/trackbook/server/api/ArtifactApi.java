package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.artifacts.ArtifactFile;
import dev.trackbook.server.artifacts.ArtifactPaths;
import dev.trackbook.server.artifacts.ArtifactRepository;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.store.TrackingStore;
import io.javalin.http.Context;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;

/**
 * The artifact endpoints: runs' {@code artifacts/list} and the {@code mlflow-artifacts} proxy
 * service (mlflow/protos/mlflow_artifacts.proto) over the local artifact repository. Run artifact
 * URIs {@code mlflow-artifacts:/<exp>/<run>/artifacts} map to that path under the artifact root.
 */
final class ArtifactApi {
  static final String SCHEME = "mlflow-artifacts:";

  /**
   * Types a browser would render as active content. They are served as text/plain so an uploaded
   * file can never run script in the server's origin.
   */
  private static final Set<String> ACTIVE_TYPES =
      Set.of(
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "text/javascript",
          "application/javascript");

  private final TrackingStore store;
  private final ArtifactRepository artifacts;
  private final long maxUploadBytes;

  ArtifactApi(TrackingStore store, ArtifactRepository artifacts, long maxUploadBytes) {
    this.store = store;
    this.artifacts = artifacts;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** {@code GET /mlflow/artifacts/list?run_id=&path=}: the run's files, paths run-relative. */
  ObjectNode listRunArtifacts(ApiRequest request) throws Exception {
    Run run = store.getRun(request.runId());
    String path = ArtifactPaths.normalize(request.optionalString("path"));
    String rootUri = run.info().artifactUri();
    ObjectNode response = WireJson.object();
    WireJson.putIfPresent(response, "root_uri", rootUri);
    String runRoot = repositoryPath(rootUri);
    ArrayNode files = response.arrayNode();
    if (runRoot != null) {
      for (ArtifactFile file : artifacts.list(ArtifactPaths.join(runRoot, path))) {
        files.add(
            WireJson.artifactFile(
                new ArtifactFile(
                    ArtifactPaths.join(path, file.path()), file.isDir(), file.fileSize())));
      }
    }
    WireJson.putList(response, "files", files);
    return response;
  }

  /** {@code GET /mlflow-artifacts/artifacts?path=}: children of a directory, by base name. */
  ObjectNode list(ApiRequest request) throws Exception {
    ObjectNode response = WireJson.object();
    ArrayNode files = response.arrayNode();
    artifacts
        .list(request.optionalString("path"))
        .forEach(f -> files.add(WireJson.artifactFile(f)));
    WireJson.putList(response, "files", files);
    return response;
  }

  void download(Context ctx) throws Exception {
    String path = ArtifactPaths.normalize(ctx.pathParam("artifact_path"));
    Path file = artifacts.file(path);
    String name = file.getFileName().toString();
    String type = URLConnection.guessContentTypeFromName(name);
    if (type == null || ACTIVE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
      type = type == null ? "application/octet-stream" : "text/plain";
    }
    // One open file for size and bytes: another instance may replace or delete it meanwhile.
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw TrackingException.notFound("Artifact '" + path + "' was deleted");
    }
    try (channel;
        InputStream in = Channels.newInputStream(channel)) {
      ctx.header("Content-Disposition", contentDisposition(name));
      ctx.header("Content-Length", Long.toString(channel.size()));
      // The bytes go out as stored, as MLflow's artifact server sends them: Javalin's gzip for
      // clients that accept it (browsers, Python's requests) wrote fewer bytes than this
      // Content-Length and the download failed with 500.
      ctx.disableCompression();
      ctx.contentType(type);
      in.transferTo(ctx.outputStream());
    }
  }

  void upload(Context ctx) throws Exception {
    String path = ArtifactPaths.normalize(ctx.pathParam("artifact_path"));
    if (ctx.req().getContentLengthLong() > maxUploadBytes) {
      throw JsonEndpoints.tooLarge(maxUploadBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      artifacts.write(path, in, maxUploadBytes);
    }
    JsonEndpoints.write(ctx, WireJson.object());
  }

  void delete(Context ctx) throws Exception {
    artifacts.delete(ArtifactPaths.normalize(ctx.pathParam("artifact_path")));
    JsonEndpoints.write(ctx, WireJson.object());
  }

  /**
   * The repository path of an {@code mlflow-artifacts:} URI (also the {@code
   * mlflow-artifacts://host:port/path} form), or null for a URI this server does not serve.
   */
  static String repositoryPath(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      return null;
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    return ArtifactPaths.normalize(rest);
  }

  /**
   * An attachment named {@code name}: an ASCII {@code filename} for old clients and, when the name
   * is not plain ASCII, RFC 6266's {@code filename*} in UTF-8, which browsers prefer (a header's
   * bytes are Latin-1, so 日本.txt would arrive as " .txt").
   */
  static String contentDisposition(String name) {
    String ascii = name.replaceAll("[\"\\\\\\p{Cntrl}]", "_").replaceAll("[^\\x20-\\x7e]", "_");
    String header = "attachment; filename=\"" + ascii + "\"";
    if (ascii.equals(name)) {
      return header;
    }
    // RFC 5987 value: UTF-8 percent-encoded, every byte but its attr-chars.
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", (int) c));
      }
    }
    return header + "; filename*=UTF-8''" + encoded;
  }
}
