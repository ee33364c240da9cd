package dev.trackbook.cli;

import dev.trackbook.cli.serving.ModelCheck;
import dev.trackbook.cli.serving.SandboxedValidator;
import dev.trackbook.cli.serving.VersionValidation;
import dev.trackbook.cli.serving.Workspace;
import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelUri;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trackbook validate models:/NAME/3}: checks a model in a sandboxed child JVM and records
 * the verdict on the version; exit code 0 when it passed, 1 when it failed, 2 when it is missing.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a registered model version in a sandboxed JVM.",
      "Its example input must give the declared output shape and type within the latency bound."
          + " The verdict is recorded as trackbook.validation.* tags on the version, which"
          + " `server --require-validation` reads.",
      "The tracking server's token comes from $TRACKBOOK_TRACKING_TOKEN, else"
          + " $MLFLOW_TRACKING_TOKEN."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:passed",
      "1:failed, or could not be validated (an unreachable server)",
      "2:no such model, version or alias; or a command-line mistake"
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "MODEL_URI",
      converter = OptionTypes.RegisteredModel.class,
      description = {"models:/NAME/VERSION, models:/NAME@ALIAS or", "models:/NAME/latest"})
  ModelUri uri;

  @Mixin TrackingServerOption trackingServer;

  @Option(
      paramLabel = "MILLIS",
      names = "--latency-ms",
      converter = OptionTypes.LatencyBound.class,
      description = "Largest median latency of the example input (default: ${DEFAULT-VALUE})")
  double latencyMillis = 100;

  @Option(
      paramLabel = "SECONDS",
      names = "--timeout-s",
      converter = OptionTypes.AtLeastOne.class,
      description = "Kill the validation after this many seconds (default: ${DEFAULT-VALUE})")
  long timeoutSeconds = 120;

  @Option(
      paramLabel = "SIZE",
      names = "--heap",
      converter = OptionTypes.HeapSize.class,
      description = "Heap of the validation JVM (default: ${DEFAULT-VALUE})")
  String heap = "512m";

  @Override
  public Integer call() throws Exception {
    ModelRegistry registry = trackingServer.registry();
    ModelRegistry.ResolvedModel model;
    try {
      model = registry.resolve(uri);
    } catch (ModelNotFoundException e) {
      System.err.println("trackbook validate: " + uri + " not found: " + e.getMessage());
      return 2;
    }
    System.out.println("validating " + model.pinned() + " in a sandboxed JVM ...");
    ModelCheck.Verdict verdict =
        new VersionValidation(
                registry,
                new SandboxedValidator(heap, Duration.ofSeconds(timeoutSeconds), latencyMillis))
            .validate(model, Workspace.root());
    System.out.println(
        (verdict.passed() ? "PASSED " : "FAILED ") + model.pinned() + ": " + verdict.detail());
    return verdict.passed() ? 0 : 1;
  }
}
