package io.gridwatch.config;

/**
 * Settings of the roster (io.gridwatch.dispatch): how often a phone's position is stored and
 * when it counts as stale. Immutable.
 *
 * @param positionMinIntervalSeconds the least time between two stored positions of one user
 *     ({@code dispatch.positionMinIntervalSeconds}, default 5); a position sent sooner is answered
 *     204 and not stored
 * @param staleSeconds a position older than this is shown as stale and not used for distance
 *     ({@code dispatch.staleSeconds}, default 300)
 */
public record DispatchSettings(int positionMinIntervalSeconds, int staleSeconds) {

  /** The defaults (5 s, 300 s). */
  public static DispatchSettings defaults() {
    return new DispatchSettings(5, 300);
  }
}
