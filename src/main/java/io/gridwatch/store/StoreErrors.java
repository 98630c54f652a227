package io.gridwatch.store;

import io.gridwatch.http.ApiException;
import io.vertx.pgclient.PgException;

/**
 * Translates PostgreSQL errors at the store boundary into the API's typed exceptions, by
 * SQLSTATE: 23505 unique violation → 409 conflict; 23503/23514 → 422; 40001/40P01 → retryable
 * 503. Anything else passes through unchanged (and becomes a 500).
 */
public final class StoreErrors {
  private StoreErrors() {}

  public static Throwable translate(Throwable t) {
    if (t instanceof PgException pg) {
      String state = pg.getSqlState();
      if (state == null) {
        return t;
      }
      return switch (state) {
        case "23505" -> ApiException.conflict("duplicate", "Duplicate",
            "That already exists (" + pg.getConstraint() + ").");
        case "23503", "23514" -> ApiException.unprocessable("constraint-violated", "Not allowed by the data rules",
            "The change breaks a data rule (" + pg.getConstraint() + ").");
        case "40001", "40P01" -> ApiException.unavailable("retry",
            "The change collided with another one; please retry.");
        default -> t;
      };
    }
    return t;
  }
}
