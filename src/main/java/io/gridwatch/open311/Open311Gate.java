package io.gridwatch.open311;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.ClientAddress;
import io.gridwatch.http.RateLimiter;
import io.gridwatch.open311.Open311Clients.ApiClient;
import io.gridwatch.open311.Open311Clients.KeyCheck;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate of Open311's request routes: this path lies outside {@code /api/}, so the API
 * guard does not cover it. {@link #requireClient} finds the client of the request's
 * {@code api_key} and puts it on the context; handlers get the client only from
 * {@link #client}, which fails with 401 when the gate did not run (fail closed). Thread-safe.
 */
final class Open311Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Open311Gate.class);
  private static final String CLIENT = "gridwatch.open311.client";
  /** Wrong or revoked keys allowed per client address and minute before 429. */
  static final int BAD_KEYS_PER_MINUTE = 10;

  private final Open311Clients clients;
  private final AuditLog audit;
  private final RateLimiter perClient;
  private final RateLimiter badKeys;

  Open311Gate(Open311Clients clients, AuditLog audit, Clock clock) {
    this.clients = clients;
    this.audit = audit;
    this.perClient = new RateLimiter(clock);
    this.badKeys = new RateLimiter(clock);
  }

  /**
   * Finds the client of {@code api_key} (query string, form or JSON body) and puts it on the
   * context, or fails: no key 401, a wrong or revoked key 401 (audited; past
   * {@link #BAD_KEYS_PER_MINUTE} a minute from one address 429, unaudited), a key whose account is
   * disabled or may no longer file 403, over the client's rate 429.
   */
  void requireClient(RoutingContext ctx) {
    String key = apiKey(ctx);
    if (key == null) {
      ctx.fail(unauthorized("api-key-required", "This call needs an api_key (ask the GridWatch administrators for"
          + " one)."));
      return;
    }
    String address = ClientAddress.of(ctx);
    clients.check(key).onFailure(ctx::fail).onSuccess(check -> {
      if (check instanceof KeyCheck.Valid valid) {
        ApiClient client = valid.client();
        long w = perClient.acquire("client:" + client.id(), client.ratePerMinute());
        if (w > 0) {
          ctx.fail(ApiException.tooManyRequests("This client may make " + client.ratePerMinute()
              + " requests a minute.", w));
          return;
        }
        ctx.put(CLIENT, client);
        ctx.next();
        return;
      }
      ApiException refusal;
      JsonObject detail = new JsonObject().put("path", ctx.request().path());
      if (check instanceof KeyCheck.AccountNotAllowed n) {
        detail.put("clientId", n.clientId()).put("reason", "account disabled or not allowed to file");
        refusal = ApiException.forbidden("open311-client-not-allowed",
            "The account this api_key acts for is disabled or may no longer file complaints.");
      } else {
        // Limited per address so that a misconfigured or probing client cannot flood the audit
        // trail; valid keys from the same address are not held up.
        long wait = badKeys.acquire(address, BAD_KEYS_PER_MINUTE);
        if (wait > 0) {
          ctx.fail(ApiException.tooManyRequests("Too many requests with a wrong api_key from this address.", wait));
          return;
        }
        detail.put("reason", "unknown or revoked api_key");
        refusal = unauthorized("api-key-invalid", "The api_key is not valid (unknown or revoked).");
      }
      audit.record(new AuditEntry(null, "open311", "open311.auth", "route", ctx.request().method() + " "
              + ctx.request().path(), address, AuditEntry.Outcome.DENIED, detail))
          .onComplete(x -> {
            if (x.failed()) {
              LOG.warn("Could not audit a refused Open311 request: {}", x.cause().getMessage());
            }
            ctx.fail(refusal);
          });
    });
  }

  private static ApiException unauthorized(String slug, String detail) {
    return ApiException.unauthorized(slug, detail).withHeader("WWW-Authenticate", "api_key realm=\"GridWatch Open311\"");
  }

  /** The api_key of the request: a query parameter, or an argument of the form or JSON body. */
  private static String apiKey(RoutingContext ctx) {
    String key = ctx.queryParams().get("api_key");
    if ((key == null || key.isBlank()) && ctx.request().method().name().equals("POST")) {
      String type = RequestInput.contentType(ctx);
      if (type.equals("application/x-www-form-urlencoded")) {
        key = ctx.request().getFormAttribute("api_key");
      } else if (type.equals("application/json")) {
        try {
          key = RequestInput.jsonBody(ctx).getValue("api_key") instanceof String s ? s : null;
        } catch (ApiException e) {
          key = null; // the handler reports the malformed body; without a key this is a 401 first
        }
      }
    }
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** The client {@link #requireClient} let in; 401 if none did (fail closed). */
  static ApiClient client(RoutingContext ctx) {
    ApiClient client = ctx.get(CLIENT);
    if (client == null) {
      throw ApiException.unauthorized("api-key-required", "This call needs an api_key.");
    }
    return client;
  }
}
