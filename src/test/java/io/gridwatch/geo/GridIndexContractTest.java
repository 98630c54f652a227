package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The locator contract for {@link GridIndex}, with the default tuning and with extreme ones. */
class GridIndexContractTest extends CellLocatorContract {
  @Override
  CellLocator locator(List<GridCell> cells) {
    return GridIndex.build(cells);
  }

  /** One top-level tile holding every edge: the leaf evaluation alone decides. */
  @Nested
  class WithASingleLeaf extends CellLocatorContract {
    @Override
    CellLocator locator(List<GridCell> cells) {
      return GridIndex.build(cells, new GridIndex.Tuning(0.001, 1, Integer.MAX_VALUE, 0, 2));
    }
  }

  /** One top-level tile refined down to 6 levels of 3 x 3 sub-rasters. */
  @Nested
  class WithDeepRefinement extends CellLocatorContract {
    @Override
    CellLocator locator(List<GridCell> cells) {
      return GridIndex.build(cells, new GridIndex.Tuning(0.001, 1, 1, 6, 3));
    }
  }

  /** Tiles far smaller than the cells: mostly edge-free tiles and runs. */
  @Nested
  class WithFineTiles extends CellLocatorContract {
    @Override
    CellLocator locator(List<GridCell> cells) {
      return GridIndex.build(cells, new GridIndex.Tuning(37, 1 << 20, 16, 2, 16));
    }
  }
}
