package dev.trackbook.server.auth;

import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which scope a route needs, decided by HTTP method and route path so that endpoints added later
 * (the model registry, say) are covered without a change here. Rules are tried in order; the first
 * match decides; a route no rule matches needs {@link Scope#ADMIN} (deny by default).
 *
 * <ul>
 *   <li>public: the web UI's page and assets, {@code /health}, {@code /version}
 *   <li>admin: token management ({@code /api/2.0/trackbook/tokens...}); irreversible deletes:
 *       artifact files (DELETE on the artifact proxy) and registered models and model versions
 *   <li>read: every GET under MLflow's APIs; the searches MLflow serves by POST, and Trackbook's
 *       {@code trackbook/runs/search-groups}
 *   <li>write: every other POST, PUT, PATCH, DELETE under MLflow's APIs, including the soft deletes
 *       of runs and experiments (MLflow can restore them, so they are ordinary writes)
 * </ul>
 */
public final class AccessPolicy {
  private static final String API = "/(?:api|ajax-api)/2\\.0";
  private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD);
  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
  private static final Set<HandlerType> ANY =
      Set.of(
          HandlerType.GET,
          HandlerType.HEAD,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.OPTIONS);

  /** One rule; {@code scope} null means public. */
  private record Rule(Set<HandlerType> methods, Pattern path, Scope scope) {
    Rule(Set<HandlerType> methods, String regex, Scope scope) {
      this(methods, Pattern.compile(regex), scope);
    }

    boolean matches(HandlerType method, String route) {
      return methods.contains(method) && path.matcher(route).matches();
    }
  }

  private static final List<Rule> RULES =
      List.of(
          new Rule(READS, "/|/ui/.*|/health|/version", null),
          new Rule(ANY, API + "/trackbook/tokens(?:/.*)?", Scope.ADMIN),
          new Rule(READS, API + "/mlflow(?:-artifacts)?/.*", Scope.READ),
          // MLflow serves these reads by POST (service.proto: SearchRuns, SearchExperiments,
          // SearchDatasets; model_registry.proto: GetLatestVersions).
          new Rule(
              Set.of(HandlerType.POST),
              API
                  + "/mlflow/(?:runs/search|experiments/search|experiments/search-datasets"
                  + "|registered-models/get-latest-versions)",
              Scope.READ),
          // Trackbook's grouped runs/search for the web UI, a read by POST as runs/search is.
          new Rule(Set.of(HandlerType.POST), API + "/trackbook/runs/search-groups", Scope.READ),
          new Rule(Set.of(HandlerType.DELETE), API + "/mlflow-artifacts/artifacts/.*", Scope.ADMIN),
          new Rule(ANY, API + "/mlflow/(?:registered-models|model-versions)/delete", Scope.ADMIN),
          new Rule(WRITES, API + "/mlflow(?:-artifacts)?/.*", Scope.WRITE));

  private AccessPolicy() {}

  /**
   * The scope a request to {@code route} needs; empty when the route is public.
   *
   * @param route the route's path as registered (e.g. {@code /api/2.0/mlflow/runs/create}, {@code
   *     /api/2.0/mlflow-artifacts/artifacts/<artifact_path>}); null for a request no route serves
   */
  public static Optional<Scope> required(HandlerType method, String route) {
    if (route != null) {
      for (Rule rule : RULES) {
        if (rule.matches(method, route)) {
          return Optional.ofNullable(rule.scope());
        }
      }
    }
    return Optional.of(Scope.ADMIN);
  }
}
