package dev.trackbook.client.transport;

/**
 * The server answered 401 or 403: no token, a wrong or revoked one, or one whose scope does not
 * allow writes. Nothing about the records is wrong, so they stay in the journal (dropping them
 * would lose data the user can still deliver) and go out once a client with an accepted token runs
 * on the same journal.
 */
public final class CredentialsRejectedException extends ServerUnreachableException {
  private final int status;

  public CredentialsRejectedException(int status, String message) {
    super(message, null);
    this.status = status;
  }

  /** 401 (not authenticated) or 403 (authenticated, not allowed). */
  public int status() {
    return status;
  }
}
