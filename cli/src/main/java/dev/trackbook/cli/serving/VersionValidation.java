package dev.trackbook.cli.serving;

import dev.trackbook.client.model.FilesBoundModel;
import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelRegistry.ResolvedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code trackbook validate}'s work: download a version, check it in a {@link SandboxedValidator},
 * and record the verdict on the version (tags {@code trackbook.validation.*}).
 */
public final class VersionValidation {
  private final ModelRegistry registry;
  private final SandboxedValidator validator;

  public VersionValidation(ModelRegistry registry, SandboxedValidator validator) {
    this.registry = registry;
    this.validator = validator;
  }

  /**
   * Validates the resolved model; records the verdict when it is a registered version.
   *
   * @param workDir a directory for the download and the child's sandbox (created)
   */
  public ModelCheck.Verdict validate(ResolvedModel model, Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path sandbox = Files.createTempDirectory(workDir, "validate-");
    ModelCheck.Verdict verdict;
    try {
      Path modelDir = registry.download(model, sandbox.resolve("model"));
      verdict = validator.validate(modelDir, sandbox);
    } catch (ModelNotFoundException e) {
      throw e;
    } catch (IOException e) {
      verdict = new ModelCheck.Verdict(false, "cannot download: " + e.getMessage(), 0, 0);
    } finally {
      FilesBoundModel.deleteTree(sandbox);
    }
    if (model.version() != null) {
      registry.recordValidation(
          model.version().name(), model.version().version(), verdict.passed(), verdict.detail());
    }
    return verdict;
  }
}
