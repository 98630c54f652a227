package io.gridwatch.auth;

import java.util.Objects;

/**
 * The part of the grid a user works in: city-wide, or one cell and every cell inside it. Grid
 * codes nest by prefix (6 + 3 + 3 (+ 2) digits, shared/DOMAIN.md), so "inside" is "the code
 * starts with the home cell's code". Immutable.
 */
public final class Scope {
  private static final Scope CITY_WIDE = new Scope("");
  private final String prefix;

  private Scope(String prefix) {
    this.prefix = prefix;
  }

  /** Every cell. */
  public static Scope cityWide() {
    return CITY_WIDE;
  }

  /** The scope of a user whose home cell is {@code gridCode}; null or blank is city-wide. */
  public static Scope of(String gridCode) {
    if (gridCode == null || gridCode.isBlank()) {
      return CITY_WIDE;
    }
    if (!gridCode.matches("[0-9]+")) {
      // Codes are digits only (enforced by the database too); anything else would also be a
      // LIKE pattern, so it is refused here rather than escaped.
      throw new IllegalArgumentException("a grid code is digits only: " + gridCode);
    }
    return new Scope(gridCode);
  }

  public boolean isCityWide() {
    return prefix.isEmpty();
  }

  /**
   * Whether a case in {@code cellCode} is visible in this scope: a case without a cell (outside
   * the grid's coverage) only city-wide, any other where the scope covers its cell.
   */
  public boolean seesCase(String cellCode) {
    return cellCode == null ? isCityWide() : covers(cellCode);
  }

  /** Whether the cell {@code cellCode} is in this scope. A null code is in no cell's scope. */
  public boolean covers(String cellCode) {
    if (isCityWide()) {
      return true;
    }
    return cellCode != null && cellCode.startsWith(prefix);
  }

  /**
   * The prefix for SQL: {@code cell_code LIKE $n || '%'}. Empty for city-wide (which matches
   * every non-null code). Holds digits only, so it needs no LIKE escaping.
   */
  public String sqlPrefix() {
    return prefix;
  }

  /** The home cell's code, or null when city-wide. */
  public String gridCode() {
    return isCityWide() ? null : prefix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope s && s.prefix.equals(prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix);
  }

  @Override
  public String toString() {
    return isCityWide() ? "city-wide" : "cell " + prefix + " and below";
  }
}
