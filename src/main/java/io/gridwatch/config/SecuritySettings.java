package io.gridwatch.config;

import java.util.List;

/**
 * Settings of the defences in front of the API: which peers may tell the client's address, which
 * browser origins may send cookie-authenticated changes, and how failed sign-ins are slowed down.
 * Immutable.
 *
 * @param trustedProxies reverse proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For}
 *     is believed ({@code http.trustedProxies}, comma-separated; default none: the header is
 *     ignored and the client is the TCP peer)
 * @param allowedOrigins browser origins, normalised ({@code https://gridwatch.example.org}), whose
 *     pages may send state-changing requests with the session cookie, besides the server's own
 *     origin ({@code http.allowedOrigins}; default none). Needed behind a proxy that terminates
 *     TLS or rewrites the Host header.
 * @param loginDelayFromFailure from this failed sign-in in a row (per account and address) on, the
 *     next attempt from that address for that account must wait: 1 s after this one, doubling
 *     with each further failure ({@code auth.loginDelayFromFailure}, default 3)
 * @param loginMaxDelaySeconds the cap of that wait ({@code auth.loginMaxDelaySeconds}, default 60)
 * @param loginMaxTrackedAddresses the most (account, address) pairs with failures kept in the
 *     database; beyond it the oldest are pruned, locked pairs last
 *     ({@code auth.loginMaxTrackedAddresses}, default 100000)
 */
public record SecuritySettings(List<IpRange> trustedProxies, List<String> allowedOrigins, int loginDelayFromFailure,
    int loginMaxDelaySeconds, int loginMaxTrackedAddresses) {

  public SecuritySettings {
    trustedProxies = List.copyOf(trustedProxies);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The defaults: no trusted proxy, no extra origin, delays from the 3rd failure capped at 60 s, 100,000 pairs. */
  public static SecuritySettings defaults() {
    return new SecuritySettings(List.of(), List.of(), 3, 60, 100_000);
  }
}
