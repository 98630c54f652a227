package io.gridwatch.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie {@code GW_SESSION}: the same signed token as the bearer token, for
 * browsers. HttpOnly (page scripts cannot read it), SameSite=Strict (other sites' pages cannot
 * make the browser send it, which is what protects the cookie-authenticated API from cross-site
 * request forgery), Path=/, Secure whenever the request came over TLS, and no Max-Age (it ends
 * with the browser; the server ends idle sessions on its own). Stateless.
 */
public final class SessionCookie {
  public static final String NAME = "GW_SESSION";

  private SessionCookie() {}

  static void set(RoutingContext ctx, String token) {
    ctx.response().addCookie(base(ctx, token));
  }

  /** Tells the browser to drop the cookie. */
  static void clear(RoutingContext ctx) {
    ctx.response().addCookie(base(ctx, "").setMaxAge(0));
  }

  /** The token in the request's cookie, or null. */
  static String read(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(NAME);
    return c == null || c.getValue().isEmpty() ? null : c.getValue();
  }

  private static Cookie base(RoutingContext ctx, String value) {
    boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().scheme());
    return Cookie.cookie(NAME, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(tls);
  }
}
