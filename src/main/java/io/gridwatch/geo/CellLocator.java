package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the grid cell that covers a WGS84 point, among a fixed list of cells (normally all the
 * cells of one level) sorted by code ascending.
 *
 * <p><b>Boundary rule</b> (the contract every implementation honours, tested by the shared
 * contract tests): a cell covers a point when the point lies in its interior or on its boundary
 * (PostGIS {@code ST_Covers}, JTS {@code covers}). For real, possibly invalid data the interior is
 * defined by the even-odd rule over all rings of the cell (shells and holes alike), exactly as
 * JTS {@code IndexedPointInAreaLocator} defines it; for valid polygons this is the usual
 * definition. When several cells cover the point (a shared edge or vertex, or an overlap), the
 * one with the lowest code wins, which is the lowest index because the list is sorted by code.
 */
public interface CellLocator {
  /**
   * Index (into {@link #cell(int)}) of the lowest-code cell covering the point, or -1 when no
   * cell covers it. Non-finite coordinates are covered by nothing.
   */
  int locate(double lon, double lat);

  /** The cell at {@code index}, 0 ≤ index &lt; {@link #size()}, in code order. */
  GridCell cell(int index);

  /** Number of cells. */
  int size();

  /**
   * A copy of {@code cells} sorted by code ascending.
   *
   * @throws IllegalArgumentException when two cells share a code (the tie rule would be ambiguous)
   */
  static List<GridCell> sortByCode(Collection<GridCell> cells) {
    List<GridCell> sorted = new ArrayList<>(cells);
    sorted.sort(Comparator.comparing(GridCell::code));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).code().equals(sorted.get(i - 1).code())) {
        throw new IllegalArgumentException("duplicate cell code " + sorted.get(i).code());
      }
    }
    return List.copyOf(sorted);
  }
}
