package io.gridwatch.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * An account as administrators see it. Holds no password hash and no TOTP key, so it can be
 * returned and logged freely. Immutable.
 *
 * @param gridCode the home cell, or null for a city-wide user
 * @param failedLogins the longest run of failed sign-ins from one address (counted per account
 *     name and address: {@link LoginThrottle})
 * @param lockedUntil the latest lockout of any address from this account, or null; the account
 *     itself is never locked for everyone
 */
public record User(long id, String username, String displayName, Role role, String gridCode, boolean disabled,
    boolean totpEnabled, int failedLogins, OffsetDateTime lockedUntil, OffsetDateTime lastLoginAt,
    OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  public Scope scope() {
    return Scope.of(gridCode);
  }

  /** Whether some address is locked out of this account at {@code now}. */
  public boolean lockedAt(Instant now) {
    return lockedUntil != null && lockedUntil.toInstant().isAfter(now);
  }

  /** The JSON the user API returns. */
  public JsonObject toJson(Instant now) {
    boolean locked = lockedAt(now);
    return new JsonObject()
        .put("id", id)
        .put("username", username)
        .put("displayName", displayName)
        .put("role", role.name())
        .put("gridCode", gridCode)
        .put("disabled", disabled)
        .put("totpEnabled", totpEnabled)
        .put("locked", locked)
        .put("lockedUntil", locked ? lockedUntil.toString() : null)
        .put("failedLogins", failedLogins)
        .put("lastLoginAt", lastLoginAt == null ? null : lastLoginAt.toString())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
