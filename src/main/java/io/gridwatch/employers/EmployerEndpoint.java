package io.gridwatch.employers;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.Params;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * The employer registry's read API: {@code GET /api/employers} (filtered by cell, text, industry
 * and rating, paged) and {@code GET /api/employers/{id}}. Scope applies as for cases: an employer
 * outside the caller's grid never appears in a list or its total, and reading one is a 404, the
 * same as for a missing one.
 */
public final class EmployerEndpoint implements Endpoint {
  static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  static final int MAX_TEXT = 100;
  private final EmployerStore store;

  public EmployerEndpoint(EmployerStore store) {
    this.store = store;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/employers").handler(this::list);
    router.get("/api/employers/:id").handler(this::get);
  }

  private void list(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    String cell = p.optionalText("cell", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    String q = p.optionalText("q", "(?s).*", "text");
    if (q != null) {
      q = q.strip();
      if (q.codePointCount(0, q.length()) > MAX_TEXT) {
        p.error("q", "is longer than " + MAX_TEXT + " characters");
        q = null;
      } else if (q.chars().anyMatch(Character::isISOControl)) {
        p.error("q", "must not contain control characters");
        q = null;
      } else if (q.isEmpty()) {
        q = null;
      }
    }
    String industryName = p.optionalText("industry", "[A-Za-z_]+", "an industry");
    Industry industry = null;
    if (industryName != null) {
      industry = Industry.parse(industryName).orElse(null);
      if (industry == null) {
        p.error("industry", "must be one of " + Arrays.toString(Industry.values()));
      }
    }
    String ratingName = p.optionalText("rating", "[ABCabc]", "one of A, B, C");
    IntegrityRating rating = ratingName == null ? null
        : IntegrityRating.valueOf(ratingName.toUpperCase(java.util.Locale.ROOT));
    Integer limit = p.optionalInt("limit", 1, 500);
    Integer offset = p.optionalInt("offset", 0, 1_000_000);
    p.validate();
    store.list(user.scope(), new EmployerStore.Filter(cell, q, industry, rating), limit == null ? 50 : limit,
            offset == null ? 0 : offset)
        .onComplete(Respond.to(ctx, page -> ctx.response().putHeader("Content-Type", "application/json").end(page.encode())));
  }

  private void get(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "id");
    store.get(id).onComplete(Respond.to(ctx, e -> {
      if (e.isEmpty() || !user.scope().covers(e.get().cellCode())) {
        ctx.fail(ApiException.notFound("employer-not-found", "Employer not found", "No employer " + id + "."));
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(e.get().toJson().encode());
    }));
  }
}
