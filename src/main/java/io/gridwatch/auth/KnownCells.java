package io.gridwatch.auth;

/**
 * Which grid cells exist now: what accounts need of the grid (a user's home cell must be a current
 * cell). An interface here, implemented by the grid, so that accounts do not depend on the grid's
 * package (the grid's endpoints depend on accounts). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface KnownCells {
  /** Whether {@code cellCode} is a current cell of the grid. */
  boolean contains(String cellCode);
}
