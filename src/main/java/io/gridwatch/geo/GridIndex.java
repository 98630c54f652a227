package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The fast {@link CellLocator}: point → covering cell in well under a microsecond, with no
 * allocation per lookup, for grids from a handful to 100,000+ cells.
 *
 * <h2>Boundary rule</h2>
 * Exactly the {@link CellLocator} contract, computed with exact arithmetic: a point on a cell's
 * edge or vertex is covered by that cell (ST_Covers); inside means odd crossing parity over all of
 * the cell's rings (holes and multipolygon parts included, invalid self-intersecting rings
 * handled the same way JTS {@code IndexedPointInAreaLocator} handles them); when several cells
 * cover the point the lowest code (= lowest index) wins. Points outside the bounding box of all
 * cells, and NaN or infinite coordinates, are covered by nothing (-1).
 *
 * <h2>Thread safety</h2>
 * Built once by {@link #build}, then immutable: every field is a final array that is never
 * written after construction, so one instance may be shared by any number of threads without
 * locking. {@link #locate}, {@link #covers} and {@link #coverCount} allocate nothing.
 *
 * <h2>How it works</h2>
 * A uniform raster of tiles covers the bounding box. Every polygon edge is assigned to exactly
 * the tiles it passes through (plus a tiny safety margin), by walking its columns. A tile no
 * edge touches lies wholly inside one cell (its value is that cell's index), outside all cells
 * (-1), or inside several overlapping cells; the status is constant along runs of such tiles in
 * a row, so it is computed with JTS once per run. A tile that edges do cross becomes a "leaf":
 * its candidate cells (cells with edges in the tile, plus cells covering its reference point R),
 * sorted by code, each with R's status (computed exactly with JTS at build time) and its edges in
 * the tile as runs of consecutive ring vertices, copied into one contiguous block per leaf so
 * that a lookup reads one tile value and a few adjacent cache lines. A query counts, per candidate, how often the
 * segment P→R crosses the candidate's edges (a symbolic-perturbation half-open rule, so edges
 * through vertices are counted consistently); odd parity flips R's status. A point exactly on an
 * edge is covered by that candidate. Leaves with too many edges (dense vertices) are replaced by a
 * finer sub-raster, recursively up to {@link Tuning#maxDepth()} levels.
 *
 * <p>Memory is dominated by the copied edge runs: each edge is stored once for every tile it
 * crosses, once per cell that owns it; see {@link Stats#memoryBytes()} (about 70 MB for 2,600
 * cells with 1.6 million vertices, 90 MB for 100,000 simple cells).
 *
 * <p>Orientation tests use a floating-point filter (Shewchuk's error bound); near-zero cases are
 * decided exactly with error-free products when the coordinate differences are exact (always
 * true for coordinates of one city: Sterbenz), else by JTS {@link CGAlgorithmsDD}. That last
 * path allocates a few small objects; it cannot occur for points inside a grid whose
 * coordinates all lie within a factor of two of each other (any grid away from the equator and
 * the prime meridian).
 */
public final class GridIndex implements CellLocator {

  /**
   * Build parameters. The defaults suit city grids from 10 to 100,000+ cells.
   *
   * @param tilesPerCellWidth top-level tiles across the median cell (8: a tile is an eighth of
   *     the median cell width, so most lookups end in a tile no edge crosses)
   * @param maxTopTiles cap on the top-level raster (memory: 4 bytes per tile); on very large
   *     grids it wins over {@code tilesPerCellWidth} (1,024 × 1,024 for 100,000 cells)
   * @param leafEdgeLimit a leaf with more edges than this is refined into a sub-raster
   * @param maxDepth maximum number of refinement levels below the top raster
   * @param maxSplit maximum sub-raster size per axis (at most 64 is used)
   */
  public record Tuning(
      double tilesPerCellWidth, int maxTopTiles, int leafEdgeLimit, int maxDepth, int maxSplit) {
    /** The defaults. */
    public static final Tuning DEFAULT = new Tuning(8.0, 1 << 20, 16, 5, 16);

    public Tuning {
      if (!(tilesPerCellWidth > 0) || maxTopTiles < 1 || leafEdgeLimit < 1 || maxDepth < 0
          || maxSplit < 2) {
        throw new IllegalArgumentException("invalid tuning");
      }
    }
  }

  /**
   * Size and shape of a built index, for benchmarks and logs.
   *
   * @param cells number of cells
   * @param vertices ring vertices of all cells
   * @param topColumns columns of the top raster
   * @param topRows rows of the top raster
   * @param rasters number of rasters (1 top + refinements)
   * @param tiles tiles over all rasters
   * @param leaves mixed tiles (with candidates)
   * @param candidates candidate entries over all leaves
   * @param runs edge runs (chains of consecutive ring vertices) over all candidates
   * @param edgeRefs edges stored over all runs (an edge crossing several tiles counts for each)
   * @param memoryBytes bytes of the arrays held by the index (the cells themselves not counted)
   * @param buildNanos wall-clock build time
   */
  public record Stats(int cells, int vertices, int topColumns, int topRows, int rasters,
      long tiles, int leaves, int candidates, int runs, long edgeRefs, long memoryBytes,
      long buildNanos) {}

  /** Largest sub-raster split per axis. */
  static final int MAX_SPLIT = 64;
  /** 1/k, so that descending a level multiplies instead of dividing (build and query agree). */
  private static final double[] RECIPROCAL = new double[MAX_SPLIT + 1];

  static {
    for (int k = 1; k <= MAX_SPLIT; k++) {
      RECIPROCAL[k] = 1.0 / k;
    }
  }

  private final List<GridCell> cells;
  private final double minX, minY, maxX, maxY;
  /** Top raster: origin, tile size and its inverse, columns and rows. */
  private final double topX0, topY0, topW, topH, topInvW, topInvH;
  private final int topNx, topNy;
  /**
   * Tile values. The top raster's tiles come first, row by row; each sub-raster is a block
   * {@code [k, k*k tiles]}. A value ≥ 0 is the one cell covering the whole tile, -1 an empty
   * tile, {@code -2 - (leafOffset << 1)} a leaf, {@code -2 - (blockOffset << 1 | 1)} a
   * sub-raster.
   */
  private final int[] values;
  /**
   * Leaves, each one contiguous block (one or two cache lines for a typical tile):
   * {@code rx, ry, candidateCount}, then per candidate {@code cell << 1 | insideR, endOffset}
   * followed by its runs {@code vertexCount, x0, y0, x1, y1, ...} (consecutive ring vertices;
   * every consecutive pair is an edge). Integers are stored as exact doubles.
   */
  private final double[] leaves;
  private final Stats stats;

  private GridIndex(List<GridCell> cells, Builder b, long buildNanos) {
    this.cells = cells;
    this.minX = b.minX;
    this.minY = b.minY;
    this.maxX = b.maxX;
    this.maxY = b.maxY;
    this.topX0 = b.topX0;
    this.topY0 = b.topY0;
    this.topW = b.topW;
    this.topH = b.topH;
    this.topInvW = 1.0 / b.topW;
    this.topInvH = 1.0 / b.topH;
    this.topNx = b.topColumns;
    this.topNy = b.topRows;
    this.values = b.values.toArray();
    this.leaves = b.leaves.toArray();
    long bytes = arrayBytes(4, values.length) + arrayBytes(8, leaves.length);
    this.stats = new Stats(cells.size(), b.nVert, b.topColumns, b.topRows, b.rasters,
        b.tiles, b.leafCount, b.candidateCount, b.runCount, b.edgeRefs, bytes, buildNanos);
  }

  /** Builds an index over the cells (any order; sorted by code) with {@link Tuning#DEFAULT}. */
  public static GridIndex build(Collection<GridCell> cells) {
    return build(cells, Tuning.DEFAULT);
  }

  /**
   * Builds an index over the cells, normally all cells of one level (any order; they are sorted
   * by code). Cost: roughly linear in vertices plus tiles; one to three seconds for 100,000
   * cells or two million vertices.
   *
   * @throws IllegalArgumentException when two cells share a code
   */
  public static GridIndex build(Collection<GridCell> cells, Tuning tuning) {
    long t0 = System.nanoTime();
    List<GridCell> sorted = CellLocator.sortByCode(cells);
    Builder b = new Builder(sorted, tuning);
    b.build();
    return new GridIndex(sorted, b, System.nanoTime() - t0);
  }

  @Override
  public GridCell cell(int index) {
    return cells.get(index);
  }

  @Override
  public int size() {
    return cells.size();
  }

  /** The cells in index (= code) order; unmodifiable. */
  public List<GridCell> cells() {
    return cells;
  }

  /** Build statistics, including {@link Stats#memoryBytes()} and {@link Stats#buildNanos()}. */
  public Stats stats() {
    return stats;
  }

  /** Bytes held in the index arrays (the cells and their JTS geometries are not counted). */
  public long memoryBytes() {
    return stats.memoryBytes;
  }

  /** Wall-clock nanoseconds the build took. */
  public long buildNanos() {
    return stats.buildNanos;
  }

  @Override
  public int locate(double lon, double lat) {
    int v = descend(lon, lat);
    if (v >= -1) {
      return v;
    }
    int o = -2 - v;
    double[] l = leaves;
    double rx = l[o], ry = l[o + 1];
    int n = (int) l[o + 2];
    o += 3;
    for (int c = 0; c < n; c++) {
      if (candidateCovers(o, lon, lat, rx, ry)) {
        return (int) l[o] >>> 1;
      }
      o = (int) l[o + 1];
    }
    return -1;
  }

  /** True when cell {@code index} covers the point (boundary included), whatever its rank. */
  public boolean covers(int index, double lon, double lat) {
    int v = descend(lon, lat);
    if (v >= -1) {
      return v == index && v >= 0;
    }
    int o = -2 - v;
    double[] l = leaves;
    double rx = l[o], ry = l[o + 1];
    int n = (int) l[o + 2];
    o += 3;
    for (int c = 0; c < n; c++) {
      if ((int) l[o] >>> 1 == index) {
        return candidateCovers(o, lon, lat, rx, ry);
      }
      o = (int) l[o + 1];
    }
    return false;
  }

  /** Number of cells covering the point (boundary included): 2 or more on shared edges or overlaps. */
  public int coverCount(double lon, double lat) {
    int v = descend(lon, lat);
    if (v >= -1) {
      return v >= 0 ? 1 : 0;
    }
    int o = -2 - v;
    double[] l = leaves;
    double rx = l[o], ry = l[o + 1];
    int n = (int) l[o + 2];
    o += 3;
    int count = 0;
    for (int c = 0; c < n; c++) {
      if (candidateCovers(o, lon, lat, rx, ry)) {
        count++;
      }
      o = (int) l[o + 1];
    }
    return count;
  }

  /** Walks the rasters down to a tile: returns a cell index, -1, or -2 - leafOffset. */
  private int descend(double x, double y) {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
      return -1;
    }
    int ix = (int) ((x - topX0) * topInvW);
    int iy = (int) ((y - topY0) * topInvH);
    if (ix >= topNx) {
      ix = topNx - 1;
    }
    if (iy >= topNy) {
      iy = topNy - 1;
    }
    int v = values[iy * topNx + ix];
    if (v >= -1) {
      return v;
    }
    double w = topW, h = topH, invW = topInvW, invH = topInvH;
    double x0 = topX0 + ix * w, y0 = topY0 + iy * h;
    while (true) {
      int e = -2 - v;
      if ((e & 1) == 0) {
        return -2 - (e >>> 1);
      }
      int o = e >>> 1;
      int k = values[o];
      w *= RECIPROCAL[k];
      h *= RECIPROCAL[k];
      invW *= k;
      invH *= k;
      ix = (int) ((x - x0) * invW);
      iy = (int) ((y - y0) * invH);
      if (ix >= k) {
        ix = k - 1;
      } else if (ix < 0) {
        ix = 0;
      }
      if (iy >= k) {
        iy = k - 1;
      } else if (iy < 0) {
        iy = 0;
      }
      v = values[o + 1 + iy * k + ix];
      if (v >= -1) {
        return v;
      }
      x0 += ix * w;
      y0 += iy * h;
    }
  }

  /**
   * Whether the candidate whose header is at {@code o} covers P, given R's status: parity of
   * crossings of P→R with the candidate's edges in the tile. Vertex side: strictly left of line
   * PR vs right-or-on (a consistent symbolic perturbation); an edge counts when its endpoints'
   * sides differ and P and R lie strictly on opposite sides of the edge's line. P on an edge →
   * covered.
   */
  private boolean candidateCovers(int o, double px, double py, double rx, double ry) {
    double[] l = leaves;
    boolean inside = ((int) l[o] & 1) != 0;
    int end = (int) l[o + 1];
    int i = o + 2;
    while (i < end) {
      int next = i + 1 + 2 * (int) l[i]; // a run: vertex count, then x, y of each vertex
      double ax = l[i + 1], ay = l[i + 2];
      boolean aLeft = leftOf(px, py, rx, ry, ax, ay);
      for (int j = i + 3; j < next; j += 2) {
        double bx = l[j], by = l[j + 1];
        boolean bLeft = leftOf(px, py, rx, ry, bx, by);
        // Non-short-circuit operators: these comparisons are unpredictable, a branch each
        // would cost more than the arithmetic.
        boolean inBox = ((px >= ax) & (px <= bx) | (px >= bx) & (px <= ax))
            & ((py >= ay) & (py <= by) | (py >= by) & (py <= ay));
        if ((aLeft != bLeft) | inBox) {
          int op = orient(ax, ay, bx, by, px, py);
          if (op == 0) {
            if (inBox) {
              return true; // P on the edge: its line, within its bounding box
            }
          } else if (aLeft != bLeft && op != orient(ax, ay, bx, by, rx, ry)) {
            inside = !inside; // the edge crosses P→R strictly between P and R
          }
        }
        ax = bx;
        ay = by;
        aLeft = bLeft;
      }
      i = next;
    }
    return inside;
  }

  // ---------------------------------------------------------------------------------------
  // Robust orientation

  private static final double EPS = Math.ulp(1.0) / 2;
  private static final double CCW_ERR_BOUND = (3.0 + 16.0 * EPS) * EPS;
  private static final double SPLITTER = 134217729.0; // 2^27 + 1

  /**
   * Sign of the orientation of (a, b, c): 1 when c lies left of a→b (counter-clockwise), -1
   * right, 0 collinear; exact. Same convention as JTS {@code Orientation.index(a, b, c)}.
   */
  static int orient(double ax, double ay, double bx, double by, double cx, double cy) {
    double detLeft = (ax - cx) * (by - cy);
    double detRight = (ay - cy) * (bx - cx);
    double det = detLeft - detRight;
    if (Math.abs(det) <= CCW_ERR_BOUND * (Math.abs(detLeft) + Math.abs(detRight))) {
      return orientExact(ax, ay, bx, by, cx, cy); // rare: within rounding of zero
    }
    return det > 0 ? 1 : -1;
  }

  /**
   * Whether v lies strictly left of the directed line p→r: {@code orient(p, r, v) > 0}, exact,
   * written so that the common case compiles without an unpredictable branch.
   */
  private static boolean leftOf(double px, double py, double rx, double ry, double vx, double vy) {
    double detLeft = (px - vx) * (ry - vy);
    double detRight = (py - vy) * (rx - vx);
    double det = detLeft - detRight;
    if (Math.abs(det) <= CCW_ERR_BOUND * (Math.abs(detLeft) + Math.abs(detRight))) {
      return orientExact(px, py, rx, ry, vx, vy) > 0;
    }
    return det > 0;
  }

  /** Exact orientation: error-free products when the differences are exact, else JTS DD. */
  static int orientExact(double ax, double ay, double bx, double by, double cx, double cy) {
    double acx = ax - cx, bcy = by - cy, acy = ay - cy, bcx = bx - cx;
    if (diffTail(ax, cx, acx) != 0 || diffTail(by, cy, bcy) != 0
        || diffTail(ay, cy, acy) != 0 || diffTail(bx, cx, bcx) != 0) {
      return CGAlgorithmsDD.orientationIndex(ax, ay, bx, by, cx, cy);
    }
    double p1 = acx * bcy, e1 = productTail(acx, bcy, p1);
    double p2 = acy * bcx, e2 = productTail(acy, bcx, p2);
    // Shewchuk Two_Two_Diff: (p1 + e1) - (p2 + e2) as a nonoverlapping expansion x3..x0.
    // Two_One_Diff(p1, e1, e2) -> j, z, x0
    double i = e1 - e2;
    double x0 = diffTail(e1, e2, i);
    double j = p1 + i;
    double z = sumTail(p1, i, j);
    // Two_One_Diff(j, z, p2) -> x3, x2, x1
    double k = z - p2;
    double x1 = diffTail(z, p2, k);
    double x3 = j + k;
    double x2 = sumTail(j, k, x3);
    double s = x3 != 0 ? x3 : x2 != 0 ? x2 : x1 != 0 ? x1 : x0;
    return s > 0 ? 1 : s < 0 ? -1 : 0;
  }

  private static double diffTail(double a, double b, double x) {
    double bVirt = a - x;
    double aVirt = x + bVirt;
    double bRound = bVirt - b;
    double aRound = a - aVirt;
    return aRound + bRound;
  }

  private static double sumTail(double a, double b, double x) {
    double bVirt = x - a;
    double aVirt = x - bVirt;
    double bRound = b - bVirt;
    double aRound = a - aVirt;
    return aRound + bRound;
  }

  private static double productTail(double a, double b, double x) {
    double c = SPLITTER * a;
    double aHi = c - (c - a);
    double aLo = a - aHi;
    c = SPLITTER * b;
    double bHi = c - (c - b);
    double bLo = b - bHi;
    return aLo * bLo - (((x - aHi * bHi) - aLo * bHi) - aHi * bLo);
  }

  private static long arrayBytes(int elementSize, int length) {
    return 16 + ((long) elementSize * length + 7) / 8 * 8;
  }

  // ---------------------------------------------------------------------------------------
  // Build

  /** Single-use, single-threaded builder; all JTS work happens here, never at query time. */
  private static final class Builder {
    final List<GridCell> cells;
    final Tuning tuning;
    double[] xy = new double[1024];
    int nVert;
    int[] vertexCell = new int[512];
    final IntList edgesAll = new IntList();
    double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
    final IndexedPointInAreaLocator[] locators;
    final Geometry[] areas;
    final STRtree envelopes = new STRtree();
    double margin0;
    double topX0, topY0, topW = 1, topH = 1;
    int topColumns = 1, topRows = 1;

    final IntList values = new IntList();
    final DoubleList leaves = new DoubleList();
    int rasters, leafCount, candidateCount, runCount;
    long tiles, edgeRefs;

    Builder(List<GridCell> cells, Tuning tuning) {
      this.cells = cells;
      this.tuning = tuning;
      this.locators = new IndexedPointInAreaLocator[cells.size()];
      this.areas = new Geometry[cells.size()];
    }

    void build() {
      double[] widths = new double[cells.size()];
      int nWidths = 0;
      for (int c = 0; c < cells.size(); c++) {
        Geometry area = ReferenceLocator.polygonalPart(cells.get(c).geometry());
        areas[c] = area;
        Envelope env = area.getEnvelopeInternal();
        if (env.isNull()) {
          continue;
        }
        envelopes.insert(env, c);
        double w = Math.sqrt(env.getWidth() * env.getHeight());
        if (w > 0) {
          widths[nWidths++] = w;
        }
        @SuppressWarnings("unchecked")
        List<Polygon> polygons = PolygonExtracter.getPolygons(area);
        for (Polygon p : polygons) {
          addRing(p.getExteriorRing(), c);
          for (int h = 0; h < p.getNumInteriorRing(); h++) {
            addRing(p.getInteriorRingN(h), c);
          }
        }
      }
      envelopes.build();
      if (nVert == 0) {
        // nothing covers anything: the bbox stays empty, so descend() answers -1 at once
        values.add(-1);
        return;
      }
      double width = Math.max(maxX - minX, 1e-9);
      double height = Math.max(maxY - minY, 1e-9);
      double median = 0;
      if (nWidths > 0) {
        Arrays.sort(widths, 0, nWidths);
        median = widths[nWidths / 2];
      }
      double tile = median > 0 ? median / tuning.tilesPerCellWidth() : Math.max(width, height);
      long nx = Math.max(1, (long) Math.ceil(width / tile));
      long ny = Math.max(1, (long) Math.ceil(height / tile));
      if ((double) nx * ny > tuning.maxTopTiles()) {
        double f = Math.sqrt((double) nx * ny / tuning.maxTopTiles());
        nx = Math.max(1, (long) Math.floor(nx / f));
        ny = Math.max(1, (long) Math.floor(ny / f));
        while (nx * ny > tuning.maxTopTiles()) {
          if (nx >= ny) {
            nx--;
          } else {
            ny--;
          }
        }
      }
      topColumns = (int) nx;
      topRows = (int) ny;
      topX0 = minX;
      topY0 = minY;
      topW = width / nx;
      topH = height / ny;
      // Margin around each tile within which an edge still counts as touching it: far above the
      // rounding of tile arithmetic (a few ulps of the coordinates), far below any real feature.
      double maxAbs = Math.max(Math.max(Math.abs(minX), Math.abs(maxX)),
          Math.max(Math.abs(minY), Math.abs(maxY)));
      margin0 = Math.max(Math.min(topW, topH) * 1e-7, 1024 * Math.ulp(maxAbs));
      values.addZeros(topColumns * topRows);
      int[] all = edgesAll.toArray();
      buildRaster(0, topX0, topY0, topW, topH, topColumns, topRows, all, 0, all.length, 0);
      Arrays.fill(locators, null);
    }

    private void addRing(LinearRing ring, int cell) {
      CoordinateSequence seq = ring.getCoordinateSequence();
      int n = seq.size();
      if (n == 0) {
        return;
      }
      ensureVertices(nVert + n);
      int first = nVert;
      for (int k = 0; k < n; k++) {
        double x = seq.getX(k), y = seq.getY(k);
        xy[2 * nVert] = x;
        xy[2 * nVert + 1] = y;
        vertexCell[nVert] = cell;
        nVert++;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      for (int v = first; v < nVert - 1; v++) {
        edgesAll.add(v);
      }
    }

    private void ensureVertices(int n) {
      if (2 * n > xy.length) {
        xy = Arrays.copyOf(xy, Math.max(2 * n, xy.length * 2));
      }
      if (n > vertexCell.length) {
        vertexCell = Arrays.copyOf(vertexCell, Math.max(n, vertexCell.length * 2));
      }
    }

    private double margin(int depth) {
      // decreasing with depth, so that a refined tile's margin stays inside its parent's
      return margin0 * (1.0 + (double) (tuning.maxDepth() + 1 - depth) / (tuning.maxDepth() + 1));
    }

    /**
     * Fills the tiles of one raster over [x0, x0 + nx*w] x [y0, y0 + ny*h], whose values start
     * at {@code offset}, from the edges edges[from..to) (ascending vertex ids).
     */
    private void buildRaster(int offset, double x0, double y0, double w, double h, int nx,
        int ny, int[] edges, int from, int to, int depth) {
      rasters++;
      int nTiles = nx * ny;
      tiles += nTiles;
      double m = margin(depth);
      int[] start = new int[nTiles + 1];
      for (int e = from; e < to; e++) {
        walkEdge(edges[e], x0, y0, w, h, nx, ny, m, start, null, null);
      }
      int total = 0;
      for (int t = 0; t < nTiles; t++) {
        int c = start[t];
        start[t] = total;
        total += c;
      }
      start[nTiles] = total;
      int[] tileEdges = new int[total];
      int[] cursor = Arrays.copyOf(start, nTiles);
      for (int e = from; e < to; e++) {
        walkEdge(edges[e], x0, y0, w, h, nx, ny, m, null, tileEdges, cursor);
      }

      for (int iy = 0; iy < ny; iy++) {
        double ty = y0 + iy * h;
        int ix = 0;
        while (ix < nx) {
          int t = iy * nx + ix;
          if (start[t] == start[t + 1]) {
            // a run of edge-free tiles: no boundary inside, so one status for all of them
            int jx = ix + 1;
            while (jx < nx && start[iy * nx + jx] == start[iy * nx + jx + 1]) {
              jx++;
            }
            double cx = x0 + (ix + 0.5) * w, cy = ty + 0.5 * h;
            int[] covering = coveringCells(cx, cy);
            int value;
            if (covering.length == 0) {
              value = -1;
            } else if (covering.length == 1) {
              value = covering[0];
            } else {
              value = -2 - (addLeaf(cx, cy, covering, covering, null, 0, 0) << 1);
            }
            for (int k = ix; k < jx; k++) {
              values.set(offset + iy * nx + k, value);
            }
            ix = jx;
          } else {
            int n = start[t + 1] - start[t];
            double tx = x0 + ix * w;
            int value;
            if (n > tuning.leafEdgeLimit() && depth < tuning.maxDepth()
                && Math.min(w, h) > 64 * margin0) {
              int k = (int) Math.min(Math.min(tuning.maxSplit(), MAX_SPLIT),
                  Math.max(2, Math.ceil(Math.sqrt(n * 4.0 / tuning.leafEdgeLimit()))));
              int block = values.size();
              values.add(k);
              values.addZeros(k * k);
              // the same arithmetic as descend(): w * (1/k)
              buildRaster(block + 1, tx, ty, w * RECIPROCAL[k], h * RECIPROCAL[k], k, k,
                  tileEdges, start[t], start[t + 1], depth + 1);
              value = -2 - ((block << 1) | 1);
            } else {
              value = -2 - (mixedLeaf(tx, ty, w, h, tileEdges, start[t], start[t + 1]) << 1);
            }
            values.set(offset + t, value);
            ix++;
          }
        }
      }
    }

    /**
     * Visits the tiles whose box, grown by m, the edge v→v+1 touches: column by column, with
     * the y-range of the segment inside each column (not the edge's bounding box).
     */
    private void walkEdge(int v, double x0, double y0, double w, double h, int nx, int ny,
        double m, int[] count, int[] out, int[] cursor) {
      double ax = xy[2 * v], ay = xy[2 * v + 1], bx = xy[2 * v + 2], by = xy[2 * v + 3];
      double exMin = Math.min(ax, bx), exMax = Math.max(ax, bx);
      double eyMin = Math.min(ay, by), eyMax = Math.max(ay, by);
      if (exMax + m < x0 || exMin - m > x0 + nx * w || eyMax + m < y0 || eyMin - m > y0 + ny * h) {
        return;
      }
      int c0 = clampFloor((exMin - m - x0) / w, nx);
      int c1 = clampFloor((exMax + m - x0) / w, nx);
      for (int c = c0; c <= c1; c++) {
        double lo = Math.max(x0 + c * w - m, exMin);
        double hi = Math.min(x0 + (c + 1) * w + m, exMax);
        double yLo, yHi;
        if (ax == bx) {
          yLo = eyMin;
          yHi = eyMax;
        } else {
          double y1 = yAt(ax, ay, bx, by, lo), y2 = yAt(ax, ay, bx, by, hi);
          yLo = Math.min(y1, y2);
          yHi = Math.max(y1, y2);
        }
        yLo -= m;
        yHi += m;
        if (yHi < y0 || yLo > y0 + ny * h) {
          continue;
        }
        int r0 = clampFloor((yLo - y0) / h, ny);
        int r1 = clampFloor((yHi - y0) / h, ny);
        for (int r = r0; r <= r1; r++) {
          int t = r * nx + c;
          if (count != null) {
            count[t]++;
          } else {
            out[cursor[t]++] = v;
          }
        }
      }
    }

    private static double yAt(double ax, double ay, double bx, double by, double x) {
      double t = (x - ax) / (bx - ax);
      if (t < 0) {
        t = 0;
      } else if (t > 1) {
        t = 1;
      }
      return ay + t * (by - ay);
    }

    private static int clampFloor(double v, int n) {
      if (!(v >= 0)) {
        return 0;
      }
      if (v >= n) {
        return n - 1;
      }
      return (int) v;
    }

    /** Builds the leaf of a tile crossed by edges edges[from..to). Returns the leaf offset. */
    private int mixedLeaf(double tx, double ty, double w, double h, int[] edges, int from,
        int to) {
      // Reference point: the tile centre, nudged (deterministically) off any edge.
      double rx = tx + 0.5 * w, ry = ty + 0.5 * h;
      for (int attempt = 1; onAnyEdge(rx, ry, edges, from, to); attempt++) {
        double fx = (attempt * 0.6180339887498949) % 1.0 - 0.5;
        double fy = (attempt * 0.7548776662466927) % 1.0 - 0.5;
        rx = tx + (0.5 + 0.9 * fx) * w;
        ry = ty + (0.5 + 0.9 * fy) * h;
        if (attempt > 10_000) {
          throw new IllegalStateException("no reference point off the edges in a tile");
        }
      }
      int[] withEdges = new int[to - from];
      int n = 0;
      for (int e = from; e < to; e++) {
        int cell = vertexCell[edges[e]];
        if (n == 0 || withEdges[n - 1] != cell) {
          withEdges[n++] = cell;
        }
      }
      int[] covering = coveringCells(rx, ry);
      int[] candidates = mergeSorted(Arrays.copyOf(withEdges, n), covering);
      return addLeaf(rx, ry, candidates, covering, edges, from, to);
    }

    private boolean onAnyEdge(double x, double y, int[] edges, int from, int to) {
      for (int e = from; e < to; e++) {
        int i = 2 * edges[e];
        double ax = xy[i], ay = xy[i + 1], bx = xy[i + 2], by = xy[i + 3];
        if (x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by)
            && y <= Math.max(ay, by) && orient(ax, ay, bx, by, x, y) == 0) {
          return true;
        }
      }
      return false;
    }

    /**
     * Appends a leaf block and returns its offset. Edges edges[from..to) are ascending vertex
     * ids, hence grouped by cell (cells own ascending vertex ranges); consecutive ids of one
     * cell form a run of consecutive ring vertices, stored inline.
     */
    private int addLeaf(double rx, double ry, int[] candidates, int[] covering, int[] edges,
        int from, int to) {
      int leaf = leaves.size();
      leafCount++;
      leaves.add(rx);
      leaves.add(ry);
      leaves.add(candidates.length);
      int e = from;
      for (int cell : candidates) {
        candidateCount++;
        boolean inside = Arrays.binarySearch(covering, cell) >= 0;
        leaves.add(cell << 1 | (inside ? 1 : 0));
        int endSlot = leaves.size();
        leaves.add(0);
        if (edges != null) {
          while (e < to && vertexCell[edges[e]] < cell) {
            e++;
          }
          while (e < to && vertexCell[edges[e]] == cell) {
            int runStart = edges[e];
            int runEnd = runStart + 1; // exclusive end of the edge ids
            e++;
            while (e < to && edges[e] == runEnd) {
              runEnd++;
              e++;
            }
            runCount++;
            edgeRefs += runEnd - runStart;
            leaves.add(runEnd - runStart + 1);
            for (int v = runStart; v <= runEnd; v++) {
              leaves.add(xy[2 * v]);
              leaves.add(xy[2 * v + 1]);
            }
          }
        }
        leaves.set(endSlot, leaves.size());
      }
      if (leaves.size() > (Integer.MAX_VALUE >> 1) - 16) {
        throw new IllegalStateException("grid too large for one index: " + leaves.size());
      }
      return leaf;
    }

    /** Sorted indices of the cells covering (x, y), computed with JTS. */
    private int[] coveringCells(double x, double y) {
      Coordinate p = new Coordinate(x, y);
      @SuppressWarnings("unchecked")
      List<Object> hits = envelopes.query(new Envelope(p));
      List<Integer> inside = new ArrayList<>(2);
      for (Object o : hits) {
        int c = (Integer) o;
        if (locator(c).locate(p) != Location.EXTERIOR) {
          inside.add(c);
        }
      }
      int[] out = new int[inside.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = inside.get(i);
      }
      Arrays.sort(out);
      return out;
    }

    private IndexedPointInAreaLocator locator(int c) {
      IndexedPointInAreaLocator l = locators[c];
      if (l == null) {
        l = new IndexedPointInAreaLocator(areas[c]);
        locators[c] = l;
      }
      return l;
    }

    private static int[] mergeSorted(int[] a, int[] b) {
      int[] out = new int[a.length + b.length];
      int i = 0, j = 0, n = 0;
      while (i < a.length || j < b.length) {
        int next;
        if (j >= b.length || (i < a.length && a[i] < b[j])) {
          next = a[i++];
        } else if (i >= a.length || b[j] < a[i]) {
          next = b[j++];
        } else {
          next = a[i++];
          j++;
        }
        out[n++] = next;
      }
      return Arrays.copyOf(out, n);
    }
  }

  /** Growable int array (build time only). */
  private static final class IntList {
    private int[] a = new int[64];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    void addZeros(int count) {
      if (n + count > a.length) {
        a = Arrays.copyOf(a, Math.max(n + count, a.length * 2));
      }
      n += count;
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int size() {
      return n;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  /** Growable double array (build time only). */
  private static final class DoubleList {
    private double[] a = new double[64];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    void set(int i, double v) {
      a[i] = v;
    }

    int size() {
      return n;
    }

    double[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
