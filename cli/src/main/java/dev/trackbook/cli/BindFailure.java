package dev.trackbook.cli;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why {@code server} or {@code serve} could not listen, in one line. Javalin reports every bind
 * failure as "Port already in use. Make sure no other process is using port 0", for an unknown
 * {@code --host} and an address not on this machine too, and names the port asked for rather than
 * the address.
 */
final class BindFailure {
  private BindFailure() {}

  /** {@code e} explained when a bind failure caused it, else {@code e} itself. */
  static RuntimeException explained(String host, int port, RuntimeException e) {
    String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return new IllegalStateException("cannot listen on " + address + ": unknown host", e);
      }
      if (t instanceof BindException bind) {
        String reason = bind.getMessage() == null ? "cannot bind" : bind.getMessage();
        boolean inUse = reason.toLowerCase(java.util.Locale.ROOT).contains("in use");
        return new IllegalStateException(
            "cannot listen on "
                + address
                + ": "
                + reason
                + (inUse
                    ? " (another server is running there? stop it or choose another --port)"
                    : ""),
            e);
      }
    }
    return e;
  }
}
