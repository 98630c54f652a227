package io.gridwatch.store;

/**
 * A change the database refused for a reason the caller can act on, in the store's own words
 * (no HTTP here: the API maps these to problems in one place, {@code http.FailureHandler}).
 * Immutable.
 */
public final class StoreException extends RuntimeException {
  /** Why the database refused. */
  public enum Kind {
    /** A unique constraint: the thing already exists (SQLSTATE 23505). */
    DUPLICATE,
    /** A foreign key or check constraint (23503, 23514). */
    CONSTRAINT_VIOLATED,
    /** A serialization failure or deadlock: retrying may succeed (40001, 40P01). */
    COLLISION
  }

  private final Kind kind;
  private final String constraint;

  public StoreException(Kind kind, String constraint, Throwable cause) {
    super(kind + (constraint == null ? "" : " (" + constraint + ")"), cause);
    this.kind = kind;
    this.constraint = constraint;
  }

  public Kind kind() {
    return kind;
  }

  /** The constraint's name, when PostgreSQL gave one. */
  public String constraint() {
    return constraint;
  }
}
