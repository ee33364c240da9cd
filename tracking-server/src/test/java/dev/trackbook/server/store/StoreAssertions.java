package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions the store contract suites share. */
final class StoreAssertions {
  private StoreAssertions() {}

  /** {@code call} throws a TrackingException with {@code code} whose message has each part. */
  static void assertCode(ErrorCode code, ThrowingCallable call, String... inMessage) {
    TrackingException e = catchThrowableOfType(TrackingException.class, call);
    assertThat(e).as("expected TrackingException " + code).isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    for (String part : inMessage) {
      assertThat(e.getMessage()).contains(part);
    }
  }
}
