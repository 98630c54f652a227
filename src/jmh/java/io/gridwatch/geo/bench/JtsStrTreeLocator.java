package io.gridwatch.geo.bench;

import io.gridwatch.geo.CellLocator;
import io.gridwatch.geo.model.GridCell;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The JTS baseline the benchmark compares {@link io.gridwatch.geo.GridIndex} with: an STRtree of
 * cell envelopes, then {@link IndexedPointInAreaLocator} (built eagerly) on every candidate whose
 * envelope covers the point, keeping the lowest covering index. Same boundary and tie rule as
 * {@link CellLocator}. Thread-safe after construction; allocates per lookup (the query envelope,
 * the coordinate and the visitor).
 */
public final class JtsStrTreeLocator implements CellLocator {
  private final List<GridCell> cells;
  private final STRtree tree = new STRtree();
  private final IndexedPointInAreaLocator[] locators;

  public JtsStrTreeLocator(Collection<GridCell> cells) {
    this.cells = CellLocator.sortByCode(cells);
    this.locators = new IndexedPointInAreaLocator[this.cells.size()];
    Coordinate probe = new Coordinate();
    for (int i = 0; i < this.cells.size(); i++) {
      locators[i] = new IndexedPointInAreaLocator(this.cells.get(i).geometry());
      locators[i].locate(probe); // build the lazy index now, not during the measurement
      tree.insert(this.cells.get(i).geometry().getEnvelopeInternal(), i);
    }
    tree.build();
  }

  @Override
  public int locate(double lon, double lat) {
    Coordinate p = new Coordinate(lon, lat);
    int[] best = {Integer.MAX_VALUE};
    tree.query(new Envelope(p), (ItemVisitor) item -> {
      int i = (Integer) item;
      if (i < best[0] && locators[i].locate(p) != Location.EXTERIOR) {
        best[0] = i;
      }
    });
    return best[0] == Integer.MAX_VALUE ? -1 : best[0];
  }

  @Override
  public GridCell cell(int index) {
    return cells.get(index);
  }

  @Override
  public int size() {
    return cells.size();
  }
}
