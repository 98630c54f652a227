package io.gridwatch.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's IP address as GridWatch sees it: the peer of the TCP connection. Forwarded
 * headers are not trusted (anyone can send them); behind a reverse proxy every client has the
 * proxy's address, which docs/security.md points out for the login rate limit.
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress a = ctx.request().remoteAddress();
    if (a == null) {
      return "unknown";
    }
    return a.hostAddress() != null ? a.hostAddress() : a.toString();
  }
}
