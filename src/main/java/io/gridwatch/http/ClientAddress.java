package io.gridwatch.http;

import io.gridwatch.config.IpRange;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's IP address as GridWatch sees it: the peer of the TCP connection, unless that peer
 * is one of the configured trusted proxies ({@code http.trustedProxies}); then the
 * {@code X-Forwarded-For} header is read from the right (the end the proxies appended to), past
 * every trusted hop, and the first address that is not a trusted proxy is the client. Without
 * trusted proxies (the default) the header is ignored: anyone can send it, and believing it
 * would let an attacker choose the address that sign-in throttling and the audit trail see.
 * A malformed entry ends the walk at the hop that reported it.
 *
 * <p>{@link #install} resolves the address once per request and keeps it on the context;
 * {@link #of} reads it. Immutable and thread-safe; never looks up a name.
 */
public final class ClientAddress {
  static final String KEY = "gridwatch.clientAddress";
  private static final int MAX_HOPS = 32;
  private final List<IpRange> trustedProxies;

  public ClientAddress(List<IpRange> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /** Resolves the client's address of every request before any other handler runs. */
  public void install(Router router) {
    router.route().handler(ctx -> {
      ctx.put(KEY, resolve(peer(ctx), ctx.request().headers().getAll("X-Forwarded-For")));
      ctx.next();
    });
  }

  /** The client's address of this request (the TCP peer when {@link #install} did not run). */
  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : peer(ctx);
  }

  /**
   * The client behind {@code peer}, given the {@code X-Forwarded-For} headers of the request (in
   * the order received; each may hold a comma-separated list).
   */
  String resolve(String peer, List<String> forwardedFor) {
    if (trustedProxies.isEmpty() || forwardedFor.isEmpty() || !trusted(IpRange.literal(peer))) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String part : header.split(",", MAX_HOPS + 1)) {
        hops.add(part.strip());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
      byte[] hop = IpRange.literal(hops.get(i));
      if (hop == null) {
        // Not an address (a proxy would not write that): stop at the hop that reported it.
        return client;
      }
      client = hops.get(i).startsWith("[") ? hops.get(i).substring(1, hops.get(i).length() - 1) : hops.get(i);
      if (!trusted(hop)) {
        return client;
      }
    }
    return client;
  }

  private boolean trusted(byte[] address) {
    for (IpRange r : trustedProxies) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static String peer(RoutingContext ctx) {
    SocketAddress a = ctx.request().remoteAddress();
    if (a == null) {
      return "unknown";
    }
    return a.hostAddress() != null ? a.hostAddress() : a.toString();
  }
}
