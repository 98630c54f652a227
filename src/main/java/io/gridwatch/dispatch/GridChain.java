package io.gridwatch.dispatch;

import java.util.Objects;

/**
 * The grid chain of a case: its deepest cell and the cells above it, by the 6+3+3 code layout
 * (shared/DOMAIN.md, "The grid"): level 1 is the first 6 digits, level 2 the first 9, level 3 all
 * 12. Staff belong to the chain when their grid code is one of these cells exactly; a sibling
 * cell (the next community, the next street) is outside it. Immutable and thread-safe.
 */
public final class GridChain {
  private final String[] codeByLevel = new String[4];
  private final int deepestLevel;

  private GridChain(String cellCode) {
    deepestLevel = levelOf(cellCode);
    if (deepestLevel == 0) {
      throw new IllegalArgumentException("cell code '" + cellCode + "' is not 6, 9 or 12 digits");
    }
    for (int level = 1; level <= deepestLevel; level++) {
      codeByLevel[level] = cellCode.substring(0, 3 + 3 * level);
    }
  }

  /** The chain of the cell {@code cellCode} (6, 9 or 12 digits). */
  public static GridChain of(String cellCode) {
    return new GridChain(Objects.requireNonNull(cellCode, "cellCode"));
  }

  /** The level of a grid code: 1, 2 or 3 for 6, 9 or 12 ASCII digits; 0 for anything else. */
  public static int levelOf(String code) {
    if (code == null) {
      return 0;
    }
    int n = code.length();
    if (n != 6 && n != 9 && n != 12) {
      return 0;
    }
    for (int i = 0; i < n; i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
    }
    return (n - 3) / 3;
  }

  /** The level of the case's own cell (3 for a case resolved to a community, as usual). */
  public int deepestLevel() {
    return deepestLevel;
  }

  /** The chain's code at {@code level} (1..{@link #deepestLevel()}). */
  public String codeAt(int level) {
    if (level < 1 || level > deepestLevel) {
      throw new IllegalArgumentException("level " + level + " outside 1.." + deepestLevel);
    }
    return codeByLevel[level];
  }

  /**
   * The level at which {@code gridCode} is in this chain (1, 2 or 3), or 0 when it is not one of
   * the chain's cells. Allocation-free.
   */
  public int levelIn(String gridCode) {
    if (gridCode == null) {
      return 0;
    }
    int level = (gridCode.length() - 3) / 3;
    if (level < 1 || level > deepestLevel || gridCode.length() != 3 + 3 * level) {
      return 0;
    }
    return codeByLevel[level].equals(gridCode) ? level : 0;
  }

  @Override
  public String toString() {
    return codeByLevel[deepestLevel];
  }
}
