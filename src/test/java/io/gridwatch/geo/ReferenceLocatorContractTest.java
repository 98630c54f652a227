package io.gridwatch.geo;

import java.util.List;

class ReferenceLocatorContractTest extends CellLocatorContract {
  @Override
  CellLocator locator(List<GridCell> cells) {
    return new ReferenceLocator(cells);
  }
}
