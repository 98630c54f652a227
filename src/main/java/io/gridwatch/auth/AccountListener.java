package io.gridwatch.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Hears an administrator's change of an account inside the change's own transaction, so that
 * what another capability keeps about the user (the dispatch roster, its live events) commits or
 * rolls back with it. Registered with {@link UserAdmin#listen(AccountListener)} at start-up; the
 * accounts capability thus depends on no one that listens (the roster depends on accounts, not
 * the other way round).
 *
 * <p>Implementations must be thread-safe: changes of different users run concurrently.
 */
public interface AccountListener {
  /**
   * Called once per {@link UserAdmin#update} that changed something, after the account row and
   * its audit line were written and before commit. A failed future rolls the whole change back.
   *
   * @param tx the change's transaction; the user's {@code app_user} row is locked in it
   * @param before the account as it was
   * @param after the account as it is now
   */
  Future<Void> changed(SqlConnection tx, User before, User after);
}
