package io.gridwatch.auth;

import io.gridwatch.audit.AuditEntry.Outcome;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.ApiGuard;
import io.gridwatch.http.ApiRoute;
import io.gridwatch.http.ClientAddress;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where API requests are authenticated and authorised, in front of every route
 * under {@code /api/}:
 * <ol>
 *   <li>the request's row in {@link AccessPolicy} is found; a public row passes at once;
 *   <li>a state-changing request authenticated by the cookie must come from a page of this
 *       server ({@link CrossSiteCheck}; 403 {@code cross-site-request} otherwise), and so must a
 *       sign-in that says where it comes from;
 *   <li>otherwise the caller must present a session ({@code Authorization: Bearer <token>}, or
 *       the {@code GW_SESSION} cookie when there is no Authorization header): none or a bad one
 *       is 401;
 *   <li>the caller's role must be in the row: otherwise 403 (and an {@code auth.denied} audit
 *       line);
 *   <li>a request for a route the server serves but the table does not list is 403 for
 *       everyone (fail closed). A request that matches no route at all goes on to the router,
 *       which answers 404 or 405: only after authentication, so anonymous callers cannot map
 *       the API.
 * </ol>
 * The {@link CurrentUser} is put on the context for the handlers. Thread-safe.
 */
public final class AccessGuard implements ApiGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
  private final AccessPolicy policy;
  private final AuthService auth;
  private final AuditLog audit;
  private final CrossSiteCheck crossSite;
  private volatile List<ApiRoute> served = List.of();

  AccessGuard(AccessPolicy policy, AuthService auth, AuditLog audit, CrossSiteCheck crossSite) {
    this.policy = policy;
    this.auth = auth;
    this.audit = audit;
    this.crossSite = crossSite;
  }

  @Override
  public void install(Router router) {
    router.route("/api/*").handler(this::handle);
    // The login rate limit belongs to the gate too: it comes before the body is even read
    // (the contract check after the guard reads JSON bodies).
    router.post("/api/auth/login").handler(this::loginRate);
  }

  private void loginRate(RoutingContext ctx) {
    // Before the rate limit: a refused cross-site sign-in does not use up the address's allowance.
    String refusal = crossSite.loginRefusal(ctx.request());
    if (refusal != null) {
      throw crossSiteRequest(refusal);
    }
    auth.checkLoginRate(ClientAddress.of(ctx));
    ctx.next();
  }

  @Override
  public void routesServed(List<ApiRoute> routes) {
    for (ApiRoute r : routes) {
      if (r.path() == null) {
        throw new IllegalStateException("A " + r.method() + " route has a regex path; the access policy can only"
            + " check plain paths, so the server refuses to start rather than serve it unchecked.");
      }
      if (r.path().startsWith("/api/") && !policy.lists(r.method(), r.path())) {
        LOG.error("{} is served but not in the AccessPolicy table: it is refused to everyone until a row is added", r);
      }
    }
    served = List.copyOf(routes);
  }

  private void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String path = ctx.normalizedPath();
    Optional<AccessPolicy.Rule> rule = policy.find(method, path);
    if (rule.isPresent() && rule.get().isPublic()) {
      ctx.next();
      return;
    }
    String token;
    boolean fromCookie = false;
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      token = bearer(authorization);
      if (token == null) {
        ctx.fail(ApiException.unauthorized("unauthorized", "The Authorization header must be 'Bearer <token>'."));
        return;
      }
    } else {
      token = SessionCookie.read(ctx);
      fromCookie = token != null;
    }
    if (token == null) {
      ctx.fail(ApiException.unauthorized("unauthorized",
          "Log in first (POST /api/auth/login), then send 'Authorization: Bearer <token>' or the session cookie."));
      return;
    }
    boolean cookie = fromCookie;
    if (cookie) {
      // Before the session is looked up: a forged request costs no database work.
      String refusal = crossSite.cookieRefusal(ctx.request());
      if (refusal != null) {
        LOG.info("Refused a cookie-authenticated {} {} from origin {}", method, path, ctx.request().getHeader("Origin"));
        ctx.fail(crossSiteRequest(refusal));
        return;
      }
    }
    // The session check is asynchronous: hold the request body until the route's BodyHandler
    // (which resumes it) or, for routes without one and for refusals, until the response has
    // been sent; then whatever is left is drained, so the connection can serve the next request.
    // (Resuming as the response headers are written instead loses the response.)
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.addEndHandler(v -> {
      if (!request.isEnded()) {
        request.resume();
      }
    });
    auth.authenticate(token).onComplete(ar -> {
      if (ar.failed()) {
        if (cookie) {
          SessionCookie.clear(ctx);
        }
        ctx.fail(ar.cause());
        return;
      }
      CurrentUser user = ar.result();
      ctx.put(CurrentUser.KEY, user);
      if (rule.isEmpty()) {
        if (isServed(method, path)) {
          LOG.error("Refused {} {}: the route is not in the AccessPolicy table", method, path);
          ctx.fail(ApiException.forbidden("not-in-access-policy",
              "This route is not in the access policy, so nobody may call it."));
        } else {
          ctx.next();
        }
        return;
      }
      if (!rule.get().allows(user.role())) {
        String route = rule.get().method() + " " + rule.get().path();
        audit.record(user.actor(ctx).entry("auth.denied", "route", route, Outcome.DENIED,
                new JsonObject().put("role", user.role().name()).put("path", path)))
            .onComplete(x -> {
              if (x.failed()) {
                LOG.warn("Could not audit a refused request: {}", x.cause().getMessage());
              }
              ctx.fail(ApiException.forbidden("forbidden", "The role " + user.role() + " may not use " + route + "."));
            });
        return;
      }
      ctx.next();
    });
  }

  private static ApiException crossSiteRequest(String detail) {
    return new ApiException(403, "cross-site-request", "Cross-site request refused", detail, List.of());
  }

  private boolean isServed(HttpMethod method, String path) {
    return served.stream().anyMatch(r -> (r.method().equals(method)
            || HttpMethod.HEAD.equals(method) && HttpMethod.GET.equals(r.method()))
        && r.path() != null && AccessPolicy.matches(r.path(), path));
  }

  private static String bearer(String header) {
    String h = header.strip();
    if (h.length() < 8 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = h.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
