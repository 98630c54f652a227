package io.gridwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the live events (io.gridwatch.live): the event-bus socket at {@code /eventbus} and
 * the outbox relay behind it. Immutable.
 *
 * @param allowedOrigins browser origins, normalised ({@code https://wall.example.org},
 *     {@code http://10.0.0.5:8080}), that may open the socket in addition to the server's own
 *     origin (the one whose host and port the browser addressed: same-origin pages always may).
 *     Key {@code live.allowedOrigins}, comma-separated; default none. Needed only when the wall
 *     is served from another origin, or when a reverse proxy rewrites the Host header.
 * @param sessionCheckSeconds how often open sockets' sessions are checked again: a session that
 *     was logged out, went idle or whose user was disabled or moved closes its sockets within
 *     this time ({@code live.sessionCheckSeconds}, default 30)
 * @param maxQueuedPerSocket events written to one socket and not yet flushed to the network,
 *     above which the socket gets a single {@code {"type":"resync"}} and nothing more until its
 *     backlog has drained ({@code live.maxQueuedPerSocket}, default 256)
 * @param pollMillis the relay's polling interval, its fallback when a notification is lost
 *     ({@code live.pollMillis}, default 1000)
 */
public record LiveSettings(List<String> allowedOrigins, int sessionCheckSeconds, int maxQueuedPerSocket,
    long pollMillis) {

  public LiveSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The defaults (no extra origins, 30 s, 256 events, 1 s). */
  public static LiveSettings defaults() {
    return new LiveSettings(List.of(), 30, 256, 1000);
  }

  /**
   * The origin in the form browsers send it ({@code scheme://host[:port]}, lower case, default
   * port left out), or null when {@code origin} is not an http(s) origin.
   */
  public static String normaliseOrigin(String origin) {
    if (origin == null) {
      return null;
    }
    try {
      URI u = new URI(origin.strip());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null || u.getRawUserInfo() != null
          || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        return null;
      }
      int port = u.getPort();
      boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
