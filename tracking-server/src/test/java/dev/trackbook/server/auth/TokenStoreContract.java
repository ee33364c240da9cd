package dev.trackbook.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} backend must have. Each backend's test class supplies a
 * store on a fresh database whose clock is {@link #clock()}.
 */
public interface TokenStoreContract {
  long START = 1_700_000_000_000L;

  /** A store on a fresh database (no tokens), stamping times with {@link #clock()}. */
  TokenStore tokens();

  /** The store's clock, at {@link #START} when the test begins. */
  TestClock clock();

  @Test
  default void createdTokenAuthenticatesWithItsScopeAndIsListedWithoutItsSecret() {
    IssuedToken issued = tokens().create("  ci pipeline ", Scope.WRITE);
    assertThat(issued.secret()).startsWith("tbk_").hasSize(47);
    assertThat(issued.toString()).doesNotContain(issued.secret());
    assertThat(issued.token().name()).isEqualTo("ci pipeline");
    assertThat(issued.token().createdTime()).isEqualTo(START);

    ApiToken token = tokens().authenticate(issued.secret()).orElseThrow();
    assertThat(token.id()).isEqualTo(issued.token().id());
    assertThat(token.scope()).isEqualTo(Scope.WRITE);

    List<ApiToken> listed = tokens().list();
    assertThat(listed).extracting(ApiToken::id).containsExactly(issued.token().id());
    assertThat(listed.get(0).toString()).doesNotContain(issued.secret());
  }

  @Test
  default void secretsAreRandomAndUnique() {
    Set<String> secrets = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      IssuedToken t = tokens().create("t" + i, Scope.READ);
      secrets.add(t.secret());
      ids.add(t.token().id());
    }
    assertThat(secrets).hasSize(20);
    assertThat(ids).hasSize(20);
  }

  @Test
  default void unknownMalformedAndAlteredSecretsAreRejected() {
    IssuedToken issued = tokens().create("admin", Scope.ADMIN);
    String s = issued.secret();
    char last = s.charAt(s.length() - 1);
    String altered = s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(tokens().authenticate(altered)).isEmpty();
    assertThat(tokens().authenticate(s + "x")).isEmpty();
    assertThat(tokens().authenticate("")).isEmpty();
    assertThat(tokens().authenticate(null)).isEmpty();
    assertThat(tokens().authenticate("' OR 1=1 --")).isEmpty();
    assertThat(tokens().authenticate(s)).isPresent();
  }

  @Test
  default void revokedTokenNoLongerAuthenticatesAndStaysListed() {
    IssuedToken issued = tokens().create("laptop", Scope.READ);
    clock().advance(5_000);
    ApiToken revoked = tokens().revoke(issued.token().id());
    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.revokedTime()).isEqualTo(START + 5_000);
    assertThat(tokens().authenticate(issued.secret())).isEmpty();

    clock().advance(5_000);
    assertThat(tokens().revoke(issued.token().id()).revokedTime())
        .as("revoking twice keeps the first time")
        .isEqualTo(START + 5_000);
    assertThat(tokens().list()).singleElement().extracting(ApiToken::revoked).isEqualTo(true);
  }

  @Test
  default void revokingAnUnknownTokenIsNotFound() {
    TrackingException e =
        catchThrowableOfType(TrackingException.class, () -> tokens().revoke("nope"));
    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  default void nameMustBePresentAndBounded() {
    for (String bad : new String[] {null, "", "   ", "x".repeat(257)}) {
      TrackingException e =
          catchThrowableOfType(TrackingException.class, () -> tokens().create(bad, Scope.READ));
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    assertThat(tokens().create("x".repeat(256), Scope.READ).token().name()).hasSize(256);
    assertThat(tokens().list()).hasSize(1);
  }

  @Test
  default void lastUseIsRecordedAtMostOncePerMinute() {
    IssuedToken issued = tokens().create("notebook", Scope.WRITE);
    assertThat(tokens().list().get(0).lastUsedTime()).isNull();

    tokens().authenticate(issued.secret());
    assertThat(tokens().list().get(0).lastUsedTime()).isEqualTo(START);

    clock().advance(30_000);
    tokens().authenticate(issued.secret());
    assertThat(tokens().list().get(0).lastUsedTime()).isEqualTo(START);

    clock().advance(31_000);
    tokens().authenticate(issued.secret());
    assertThat(tokens().list().get(0).lastUsedTime()).isEqualTo(START + 61_000);
  }

  @Test
  default void listIsOldestFirst() {
    tokens().create("first", Scope.READ);
    clock().advance(1);
    tokens().create("second", Scope.ADMIN);
    assertThat(tokens().list()).extracting(ApiToken::name).containsExactly("first", "second");
    assertThat(tokens().list())
        .extracting(ApiToken::scope)
        .containsExactly(Scope.READ, Scope.ADMIN);
  }
}
