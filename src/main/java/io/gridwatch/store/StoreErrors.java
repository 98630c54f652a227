package io.gridwatch.store;

import io.vertx.pgclient.PgException;

/**
 * The one place that reads PostgreSQL's SQLSTATE: translates database errors at the store
 * boundary into {@link StoreException}s (23505 → DUPLICATE; 23503/23514 → CONSTRAINT_VIOLATED;
 * 40001/40P01 → COLLISION). Anything else passes through unchanged (and becomes a 500).
 * Stateless.
 */
public final class StoreErrors {
  private StoreErrors() {}

  public static Throwable translate(Throwable t) {
    if (t instanceof PgException pg && pg.getSqlState() != null) {
      return switch (pg.getSqlState()) {
        case "23505" -> new StoreException(StoreException.Kind.DUPLICATE, pg.getConstraint(), t);
        case "23503", "23514" -> new StoreException(StoreException.Kind.CONSTRAINT_VIOLATED, pg.getConstraint(), t);
        case "40001", "40P01" -> new StoreException(StoreException.Kind.COLLISION, pg.getConstraint(), t);
        default -> t;
      };
    }
    return t;
  }

  /** Whether {@code t} is a unique violation (of {@code constraint}, or of any when null). */
  public static boolean isDuplicate(Throwable t, String constraint) {
    return translate(t) instanceof StoreException s && s.kind() == StoreException.Kind.DUPLICATE
        && (constraint == null || constraint.equals(s.constraint()));
  }
}
