package io.gridwatch.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user does in the inspection service (shared/DOMAIN.md, "Who uses it"). What each role
 * may call is decided in one place, {@link AccessPolicy}.
 */
public enum Role {
  /** Keeps the grid, accounts and rules. */
  ADMIN,
  /** Dispatch operator (受理员 / 派遣员): takes complaints, registers, dispatches. */
  OPERATOR,
  /** Duty supervisor (值班长): approves registration, closing, extensions and returns. */
  SUPERVISOR,
  /** Full-time inspector (监察员): investigates and enforces. */
  INSPECTOR,
  /** Grid assistant (协管员): collects employer data, patrols, verifies, reports. */
  ASSISTANT,
  /** Leadership (领导): follows key figures and commands mass-incident response. */
  LEADER;

  /** The role named {@code name} (case-insensitive), or empty. */
  public static Optional<Role> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
