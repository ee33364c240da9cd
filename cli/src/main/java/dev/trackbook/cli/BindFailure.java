package dev.trackbook.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why {@code server} or {@code serve} could not listen, in one line. Javalin reports every bind
 * failure as "Port already in use. Make sure no other process is using port 0", for an unknown
 * {@code --host} and an address not on this machine too, and names the port asked for rather than
 * the address.
 */
final class BindFailure {
  private BindFailure() {}

  /**
   * Refuses an address this process cannot listen on before any set-up (the store opened and
   * migrated, models downloaded) whose log would bury the one line. The server's own bind still
   * reports an address taken meanwhile. Port 0 (any free one) is never checked.
   *
   * @throws IllegalStateException explained as {@link #explained} explains it
   */
  static void checkListenable(String host, int port) {
    if (port == 0) {
      return;
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw unknownHost(host, port, null);
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free to it
      probe.bind(address);
    } catch (IOException e) {
      throw explained(host, port, new IllegalStateException(e));
    }
  }

  private static IllegalStateException unknownHost(String host, int port, Throwable cause) {
    return new IllegalStateException(
        "cannot listen on " + address(host, port) + ": unknown host", cause);
  }

  private static String address(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code e} explained when a bind failure caused it, else {@code e} itself. */
  static RuntimeException explained(String host, int port, RuntimeException e) {
    String address = address(host, port);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return unknownHost(host, port, e);
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
