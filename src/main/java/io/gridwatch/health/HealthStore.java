package io.gridwatch.health;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Asks the database whether it answers ({@code SELECT 1}). Thread-safe. */
public final class HealthStore {
  private final Pool pool;

  public HealthStore(Pool pool) {
    this.pool = pool;
  }

  /** Succeeds when the database answered. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }
}
