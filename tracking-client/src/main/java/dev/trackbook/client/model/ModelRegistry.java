package dev.trackbook.client.model;

import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.MlflowRestApi.ModelVersion;
import dev.trackbook.client.transport.RemoteRun;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Registers logged models as versions, resolves model URIs to files and records validation results,
 * over the MLflow model registry REST API.
 */
public final class ModelRegistry {
  /** Version tag: {@code passed} or {@code failed}, written by {@code trackbook validate}. */
  public static final String VALIDATION_STATUS_TAG = "trackbook.validation.status";

  /** Version tag: the validation's one-line verdict. */
  public static final String VALIDATION_DETAIL_TAG = "trackbook.validation.detail";

  /** Version tag: when the validation ran (ISO-8601 instant). */
  public static final String VALIDATION_AT_TAG = "trackbook.validation.at";

  private final MlflowRestApi api;

  public ModelRegistry(MlflowRestApi api) {
    this.api = api;
  }

  /** A model URI resolved to a location; {@code version} is null for a {@code runs:/} URI. */
  public record ResolvedModel(ModelUri uri, ModelVersion version, String artifactUri) {
    /** The URI pinned to the resolved version ({@code models:/NAME/3}), or the run URI. */
    public String pinned() {
      return version == null
          ? uri.toString()
          : "models:/" + version.name() + "/" + version.version();
    }
  }

  /**
   * Registers the model logged at {@code artifactPath} of run {@code runId} as a new version of
   * {@code name} (creating the registered model if needed), then points {@code alias} at it.
   *
   * @param alias an alias to set, or null
   */
  public ModelVersion register(String name, String runId, String artifactPath, String alias)
      throws IOException {
    try {
      RemoteRun run = api.getRun(runId);
      String source = run.artifactUri() + "/" + artifactPath;
      api.ensureRegisteredModel(name);
      ModelVersion version = api.createModelVersion(name, source, runId);
      if (alias != null) {
        api.setModelAlias(name, alias, version.version());
      }
      return version;
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure("register " + name, e);
    }
  }

  /**
   * Resolves a URI to the version and location it names now.
   *
   * @throws ModelNotFoundException when the model, version, alias or run does not exist
   */
  public ResolvedModel resolve(ModelUri uri) throws IOException {
    try {
      if (!uri.isRegistered()) {
        RemoteRun run = api.getRun(uri.runId());
        return new ResolvedModel(uri, null, run.artifactUri() + "/" + uri.path());
      }
      ModelVersion version;
      if (uri.alias() != null) {
        version = versionByAlias(uri);
      } else if (uri.stage() != null) {
        String stage = ModelUri.LATEST.equals(uri.stage()) ? null : uri.stage();
        version = api.latestModelVersion(uri.name(), stage);
        if (version == null) {
          throw new ModelNotFoundException(
              "cannot resolve "
                  + uri
                  + ": model "
                  + uri.name()
                  + " has no version"
                  + (stage == null ? "" : " in stage " + stage));
        }
      } else {
        version = api.getModelVersion(uri.name(), uri.version());
      }
      String location = api.modelVersionDownloadUri(version.name(), version.version());
      return new ResolvedModel(uri, version, location != null ? location : version.source());
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure("resolve " + uri, e);
    }
  }

  /**
   * The version {@code uri}'s alias points at. MLflow's servers (and Trackbook's, as they do)
   * answer an alias the model lacks with INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST: not
   * found all the same.
   */
  private ModelVersion versionByAlias(ModelUri uri)
      throws ServerUnreachableException, RequestRejectedException, ModelNotFoundException {
    try {
      return api.getModelVersionByAlias(uri.name(), uri.alias());
    } catch (RequestRejectedException e) {
      if ("INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
        throw new ModelNotFoundException("cannot resolve " + uri + ": " + e.getMessage());
      }
      throw e;
    }
  }

  /** Downloads a resolved model's files into {@code target} (created). */
  public Path download(ResolvedModel model, Path target) throws IOException {
    try {
      api.downloadArtifacts(model.artifactUri(), target);
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure("download " + model.pinned(), e);
    }
    if (!Files.isRegularFile(target.resolve(ModelDescriptor.FILE_NAME))) {
      throw new ModelNotFoundException(
          model.pinned() + " at " + model.artifactUri() + " holds no logged model");
    }
    return target;
  }

  /**
   * Resolves, downloads into a new directory under {@code workDir} and loads; closing the model
   * deletes that directory.
   */
  public ServableModel load(ModelUri uri, Path workDir) throws IOException {
    return load(resolve(uri), workDir, "model-");
  }

  /**
   * Downloads a resolved version into a new directory {@code workDir/<prefix>...} and loads it;
   * closing the model deletes that directory, and a failed load leaves none behind (a native
   * engine's LinkageError included).
   */
  public ServableModel load(ResolvedModel resolved, Path workDir, String prefix)
      throws IOException {
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, prefix);
    try {
      return FilesBoundModel.of(ModelFiles.load(download(resolved, dir)), dir);
    } catch (IOException | RuntimeException | Error e) {
      FilesBoundModel.deleteTree(dir);
      throw e;
    }
  }

  /** Records a validation result on a version (tags {@code trackbook.validation.*}). */
  public void recordValidation(String name, String version, boolean passed, String detail)
      throws IOException {
    try {
      api.setModelVersionTag(name, version, VALIDATION_STATUS_TAG, passed ? "passed" : "failed");
      api.setModelVersionTag(name, version, VALIDATION_DETAIL_TAG, detail);
      api.setModelVersionTag(name, version, VALIDATION_AT_TAG, Instant.now().toString());
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure("record the validation of models:/" + name + "/" + version, e);
    }
  }

  /** The current tags of a version. */
  public ModelVersion version(String name, String version) throws IOException {
    try {
      return api.getModelVersion(name, version);
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure("get models:/" + name + "/" + version, e);
    }
  }

  private static IOException failure(String action, Exception e) {
    if (e instanceof RequestRejectedException rejected
        && "RESOURCE_DOES_NOT_EXIST".equals(rejected.errorCode())) {
      return new ModelNotFoundException("cannot " + action + ": " + e.getMessage());
    }
    return new IOException("cannot " + action + ": " + e.getMessage(), e);
  }
}
