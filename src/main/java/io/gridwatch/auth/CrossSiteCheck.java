package io.gridwatch.auth;

import io.gridwatch.config.LiveSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery defence for requests the browser authenticates on its own (the
 * session cookie). A state-changing request (POST, PUT, PATCH, DELETE) sent with the cookie must
 * show that a page of this server sent it:
 * <ol>
 *   <li>an {@code Origin} header equal to the request's own origin (its scheme and the host and
 *       port the browser addressed) or to one of {@code http.allowedOrigins} (the public origins
 *       when a proxy terminates TLS or rewrites the Host header); any other Origin, {@code null}
 *       included, is refused;
 *   <li>without an Origin, {@code Sec-Fetch-Site: same-origin};
 *   <li>with neither, the request is refused: every current browser sends Origin on these
 *       methods, so only non-browser clients lack both, and they authenticate with
 *       {@code Authorization: Bearer}, which no other site can make a browser send.
 * </ol>
 * Requests with {@code Authorization: Bearer} are not checked. Sign-in ({@code POST
 * /api/auth/login}, no session yet) refuses a cross-site Origin too ({@link #loginRefusal}), so
 * another site cannot sign a browser into an account of the attacker's choosing. SameSite=Strict
 * on the cookie stays as a second line. Immutable and thread-safe.
 */
final class CrossSiteCheck {
  private final Set<String> allowedOrigins;

  CrossSiteCheck(List<String> allowedOrigins) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
  }

  static boolean changesState(HttpMethod method) {
    return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
        || HttpMethod.DELETE.equals(method);
  }

  /** Why a cookie-authenticated request may not change anything; null when it may. */
  String cookieRefusal(HttpServerRequest request) {
    if (!changesState(request.method())) {
      return null;
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return sameOrigin(origin, request) ? null : crossSite(origin);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return "same-origin".equalsIgnoreCase(site.strip()) ? null
          : "The browser says this request comes from another site (Sec-Fetch-Site: " + site.strip() + ").";
    }
    return "A change sent with the session cookie must carry the Origin header of a page of this server (browsers"
        + " send it); other clients authenticate with 'Authorization: Bearer <token>'.";
  }

  /** Why a sign-in may not go ahead; null when it may (a client that is not a browser sends neither header). */
  String loginRefusal(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return sameOrigin(origin, request) ? null : crossSite(origin);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.strip().equalsIgnoreCase("same-origin") && !site.strip().equalsIgnoreCase("none")) {
      return "The browser says this sign-in comes from another site (Sec-Fetch-Site: " + site.strip() + ").";
    }
    return null;
  }

  private boolean sameOrigin(String origin, HttpServerRequest request) {
    String normal = LiveSettings.normaliseOrigin(origin);
    return normal != null && (allowedOrigins.contains(normal) || normal.equals(ownOrigin(request)));
  }

  /** The request's own origin, {@code scheme://host[:port]} as browsers write it (default port left out); or null. */
  static String ownOrigin(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null || authority.host() == null || authority.host().isEmpty()) {
      return null;
    }
    String scheme = request.scheme() == null ? "http" : request.scheme().toLowerCase(Locale.ROOT);
    int port = authority.port();
    boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + authority.host().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  private static String crossSite(String origin) {
    String shown = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
    return "A page of " + shown + " may not send this request with the session cookie of this server (cross-site"
        + " request); if that origin is yours, add it to http.allowedOrigins.";
  }
}
