package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.List;
import java.util.Objects;

/**
 * Where a point lies in the grid: the answer of {@link GridResolver#resolve}.
 *
 * @param cells the resolved cell first (the deepest that applies), then its ancestors up to level
 *     1 by parent code; never empty; unmodifiable
 * @param boundary the point is near an edge of the resolved cell (within
 *     {@link ResolverSettings#boundaryMeters()}) or in an overlap of several cells of its level:
 *     the answer deserves a second look
 * @param snapped the point lies in no leaf cell and was attached to the nearest leaf within
 *     {@link ResolverSettings#snapMeters()}
 * @param distanceMeters distance from the point to the resolved cell: 0 when the cell covers the
 *     point, else the distance it was snapped over
 */
public record Resolution(List<GridCell> cells, boolean boundary, boolean snapped,
    double distanceMeters) {
  public Resolution {
    cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("a resolution names at least one cell");
    }
  }

  /** The resolved cell (the first of {@link #cells()}). */
  public GridCell deepest() {
    return cells.get(0);
  }
}
