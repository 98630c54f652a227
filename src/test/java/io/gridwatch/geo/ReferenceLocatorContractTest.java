package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.List;

class ReferenceLocatorContractTest extends CellLocatorContract {
  @Override
  CellLocator locator(List<GridCell> cells) {
    return new ReferenceLocator(cells);
  }
}
