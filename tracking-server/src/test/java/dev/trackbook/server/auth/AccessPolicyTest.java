package dev.trackbook.server.auth;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private static Optional<Scope> need(io.javalin.http.HandlerType m, String route) {
    return AccessPolicy.required(m, route);
  }

  @Test
  void readsWritesAndAdminByMethodAndPath() {
    assertThat(need(GET, "/api/2.0/mlflow/runs/get")).contains(Scope.READ);
    assertThat(need(POST, "/ajax-api/2.0/mlflow/runs/search")).contains(Scope.READ);
    assertThat(need(POST, "/api/2.0/mlflow/runs/log-batch")).contains(Scope.WRITE);
    assertThat(need(POST, "/api/2.0/mlflow/experiments/delete")).contains(Scope.WRITE);
    assertThat(need(PUT, "/api/2.0/mlflow-artifacts/artifacts/<artifact_path>"))
        .contains(Scope.WRITE);
    assertThat(need(DELETE, "/api/2.0/mlflow-artifacts/artifacts/<artifact_path>"))
        .contains(Scope.ADMIN);
    assertThat(need(GET, "/api/2.0/trackbook/tokens")).contains(Scope.ADMIN);
  }

  @Test
  void registryEndpointsAreCoveredByTheirMethodAndPath() {
    // model_registry.proto paths, before any of them is implemented here
    assertThat(need(GET, "/api/2.0/mlflow/registered-models/search")).contains(Scope.READ);
    assertThat(need(POST, "/api/2.0/mlflow/registered-models/get-latest-versions"))
        .contains(Scope.READ);
    assertThat(need(POST, "/api/2.0/mlflow/model-versions/create")).contains(Scope.WRITE);
    assertThat(need(PATCH, "/api/2.0/mlflow/registered-models/update")).contains(Scope.WRITE);
    assertThat(need(POST, "/api/2.0/mlflow/registered-models/alias")).contains(Scope.WRITE);
    assertThat(need(DELETE, "/api/2.0/mlflow/registered-models/delete")).contains(Scope.ADMIN);
    assertThat(need(DELETE, "/api/2.0/mlflow/model-versions/delete")).contains(Scope.ADMIN);
  }

  @Test
  void anythingNoRuleNamesNeedsAdminAndOnlyTheUiAndProbesArePublic() {
    assertThat(need(POST, "/invocations")).contains(Scope.ADMIN);
    assertThat(need(GET, "/api/2.0/serving/endpoints")).contains(Scope.ADMIN);
    assertThat(need(GET, null)).contains(Scope.ADMIN);
    assertThat(need(POST, "/health")).contains(Scope.ADMIN);
    assertThat(need(POST, "/")).contains(Scope.ADMIN);
    assertThat(need(GET, "/")).isEmpty();
    assertThat(need(GET, "/ui/*")).isEmpty();
    assertThat(need(GET, "/health")).isEmpty();
    assertThat(need(GET, "/version")).isEmpty();
  }

  @Test
  void scopesNest() {
    assertThat(Scope.ADMIN.grants(Scope.WRITE)).isTrue();
    assertThat(Scope.WRITE.grants(Scope.READ)).isTrue();
    assertThat(Scope.READ.grants(Scope.WRITE)).isFalse();
    assertThat(Scope.WRITE.grants(Scope.ADMIN)).isFalse();
    assertThat(Scope.parse(" Admin ")).isEqualTo(Scope.ADMIN);
  }

  @Test
  void bearerHeaderParsing() {
    assertThat(AccessControl.bearerSecret("Bearer abc")).isEqualTo("abc");
    assertThat(AccessControl.bearerSecret("bEaReR  abc ")).isEqualTo("abc");
    assertThat(AccessControl.bearerSecret("Bearer ")).isNull();
    assertThat(AccessControl.bearerSecret("Basic abc")).isNull();
    assertThat(AccessControl.bearerSecret(null)).isNull();
  }
}
