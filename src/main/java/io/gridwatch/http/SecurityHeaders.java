package io.gridwatch.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Security headers on every response: strict CSP without inline script, nosniff, no framing. */
final class SecurityHeaders {
  private SecurityHeaders() {}

  static void apply(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
        + " img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self';"
        + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
