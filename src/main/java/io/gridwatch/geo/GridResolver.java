package io.gridwatch.geo;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Point → cell chain over the whole three-level grid (any number of levels works): the answer
 * behind {@code GET /api/grid/resolve}.
 *
 * <h2>Rules (API behaviour)</h2>
 * <ol>
 *   <li><b>Covered</b> means interior or boundary (ST_Covers), see {@link CellLocator}.
 *   <li><b>Deepest first.</b> Levels are searched from the deepest up; at the first level where
 *       some cell covers the point, the lowest code among the covering cells is taken (shared
 *       edges, vertices and overlaps alike). Call it C.
 *   <li>If C is a <b>leaf</b> (no cell names it as parent), the point resolves to C:
 *       {@code snapped = false}, {@code distanceMeters = 0}.
 *   <li>The <b>ancestors</b> are C's parent-code chain up to level 1 (not re-located: a village
 *       that pokes over its district's border still lists its own district). The chain stops
 *       early if a parent code names no known cell.
 *   <li><b>boundary</b> is true when the point lies within
 *       {@link ResolverSettings#boundaryMeters()} of an edge of the resolved cell, or when more
 *       than one cell of the resolved cell's level covers it (an overlap, or a shared edge).
 *   <li><b>Gaps.</b> If C has children but none covers the point (a gap between siblings, or an
 *       overlap where a lower-coded non-leaf won), or nothing covers the point at all, the point
 *       snaps to the nearest leaf within {@link ResolverSettings#snapMeters()} (ties: lowest
 *       code): {@code snapped = true}, {@code distanceMeters} = the distance to that leaf (0 if
 *       the leaf covers the point, which only an overlap can cause), {@code boundary} = that
 *       distance is within {@code boundaryMeters}.
 *   <li>With no leaf that near: if C exists the point resolves to C ({@code snapped = false},
 *       distance 0, boundary as in rule 5); otherwise the answer is empty: outside coverage
 *       (HTTP 404 {@code outside-coverage}).
 * </ol>
 * Distances are metres in the local tangent plane ({@link GeoMath#pointSegmentMetres}), to the
 * nearest point of any ring (shell or hole) of the cell.
 *
 * <h2>Thread safety</h2>
 * Immutable once {@link #build built}: any number of threads may call every method
 * concurrently. Point location itself allocates nothing ({@link GridIndex}); the distance
 * checks query JTS STRtrees, which allocate small lists.
 */
public final class GridResolver {
  private final ResolverSettings settings;
  /** All cells sorted by code; a cell's position here is its slot. */
  private final List<GridCell> all;
  private final Map<String, Integer> slotByCode;
  /** Per slot: parent slot or -1; whether the cell has children. */
  private final int[] parentSlot;
  private final boolean[] leaf;
  private final Map<String, List<GridCell>> children;
  /** Per level (index = level): the index of that level's cells, or null. */
  private final GridIndex[] indexByLevel;
  /** Per level: slot of each index position. */
  private final int[][] slotsByLevel;
  /** Per slot: position in its level's index. */
  private final int[] positionInLevel;
  private final int maxLevel;
  /** Leaf envelopes → slot, for snapping. */
  private final STRtree leafTree = new STRtree();
  /** Chunks of ring segments of every cell, for edge distances. */
  private final STRtree segmentTree = new STRtree();

  private static final int CHUNK = 32;

  private record Chunk(int slot, CoordinateSequence ring, int from, int to) {}

  private GridResolver(Collection<GridCell> cells, ResolverSettings settings) {
    this.settings = settings;
    this.all = CellLocator.sortByCode(cells);
    int n = all.size();
    this.slotByCode = new HashMap<>(n * 2);
    int deepest = 0;
    for (int s = 0; s < n; s++) {
      slotByCode.put(all.get(s).code(), s);
      deepest = Math.max(deepest, all.get(s).level());
    }
    this.maxLevel = deepest;
    this.parentSlot = new int[n];
    this.leaf = new boolean[n];
    Map<String, List<GridCell>> kids = new HashMap<>();
    for (int s = 0; s < n; s++) {
      GridCell c = all.get(s);
      Integer p = c.parentCode() == null ? null : slotByCode.get(c.parentCode());
      parentSlot[s] = p == null ? -1 : p;
      if (c.parentCode() != null) {
        kids.computeIfAbsent(c.parentCode(), k -> new ArrayList<>()).add(c);
      }
    }
    for (Map.Entry<String, List<GridCell>> e : kids.entrySet()) {
      e.setValue(List.copyOf(e.getValue())); // already in code order: built from sorted cells
    }
    this.children = Collections.unmodifiableMap(kids);
    for (int s = 0; s < n; s++) {
      leaf[s] = !children.containsKey(all.get(s).code());
    }

    this.indexByLevel = new GridIndex[maxLevel + 1];
    this.slotsByLevel = new int[maxLevel + 1][];
    this.positionInLevel = new int[n];
    for (int level = 1; level <= maxLevel; level++) {
      List<GridCell> ofLevel = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        if (all.get(s).level() == level) {
          ofLevel.add(all.get(s));
          slots.add(s);
        }
      }
      if (ofLevel.isEmpty()) {
        continue;
      }
      indexByLevel[level] = GridIndex.build(ofLevel);
      slotsByLevel[level] = slots.stream().mapToInt(Integer::intValue).toArray();
      for (int i = 0; i < slots.size(); i++) {
        positionInLevel[slots.get(i)] = i; // both in code order
      }
    }

    for (int s = 0; s < n; s++) {
      Geometry g = all.get(s).geometry();
      if (leaf[s] && !g.isEmpty()) {
        leafTree.insert(g.getEnvelopeInternal(), s);
      }
      @SuppressWarnings("unchecked")
      List<Polygon> polygons = PolygonExtracter.getPolygons(g);
      for (Polygon p : polygons) {
        addChunks(s, p.getExteriorRing().getCoordinateSequence());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          addChunks(s, p.getInteriorRingN(h).getCoordinateSequence());
        }
      }
    }
    leafTree.build();
    segmentTree.build();
  }

  private void addChunks(int slot, CoordinateSequence ring) {
    int segments = ring.size() - 1;
    for (int from = 0; from < segments; from += CHUNK) {
      int to = Math.min(segments, from + CHUNK);
      Envelope env = new Envelope();
      for (int i = from; i <= to; i++) {
        env.expandToInclude(ring.getX(i), ring.getY(i));
      }
      segmentTree.insert(env, new Chunk(slot, ring, from, to));
    }
  }

  /**
   * Builds a resolver over all current cells of all levels.
   *
   * @throws IllegalArgumentException when two cells share a code
   */
  public static GridResolver build(Collection<GridCell> cells, ResolverSettings settings) {
    return new GridResolver(cells, settings);
  }

  /** Builds a resolver with {@link ResolverSettings#DEFAULTS}. */
  public static GridResolver build(Collection<GridCell> cells) {
    return build(cells, ResolverSettings.DEFAULTS);
  }

  /** The settings this resolver was built with. */
  public ResolverSettings settings() {
    return settings;
  }

  /**
   * Resolves a WGS84 point (convert other CRSs first with {@link io.gridwatch.geo.crs.Crs}) by
   * the rules in the class comment; empty when the point is outside coverage or not finite.
   */
  public Optional<Resolution> resolve(double lon, double lat) {
    if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
      return Optional.empty();
    }
    int covering = -1;
    for (int level = maxLevel; level >= 1 && covering < 0; level--) {
      GridIndex index = indexByLevel[level];
      if (index != null) {
        int i = index.locate(lon, lat);
        if (i >= 0) {
          covering = slotsByLevel[level][i];
        }
      }
    }
    if (covering >= 0 && leaf[covering]) {
      return Optional.of(covered(covering, lon, lat));
    }
    Snap snap = nearestLeaf(lon, lat);
    if (snap != null) {
      return Optional.of(new Resolution(chain(snap.slot), snap.metres <= settings.boundaryMeters(),
          true, snap.metres));
    }
    if (covering >= 0) {
      return Optional.of(covered(covering, lon, lat));
    }
    return Optional.empty();
  }

  private Resolution covered(int slot, double lon, double lat) {
    GridCell c = all.get(slot);
    boolean boundary = indexByLevel[c.level()].coverCount(lon, lat) > 1
        || edgeMetres(slot, lon, lat, settings.boundaryMeters()) <= settings.boundaryMeters();
    return new Resolution(chain(slot), boundary, false, 0);
  }

  private List<GridCell> chain(int slot) {
    List<GridCell> out = new ArrayList<>(4);
    for (int s = slot, guard = 0; s >= 0 && guard <= maxLevel; s = parentSlot[s], guard++) {
      out.add(all.get(s));
    }
    return out;
  }

  private record Snap(int slot, double metres) {}

  /** Nearest leaf within snapMeters (0 when one covers the point); ties → lowest code. */
  private Snap nearestLeaf(double lon, double lat) {
    double limit = settings.snapMeters();
    Envelope box = box(lon, lat, limit);
    int best = -1;
    double bestMetres = Double.POSITIVE_INFINITY;
    @SuppressWarnings("unchecked")
    List<Integer> leaves = leafTree.query(box);
    Map<Integer, Double> distance = new HashMap<>();
    for (int s : leaves) {
      GridCell c = all.get(s);
      if (indexByLevel[c.level()].covers(positionInLevel[s], lon, lat)) {
        distance.put(s, 0.0);
      }
    }
    if (distance.isEmpty()) {
      @SuppressWarnings("unchecked")
      List<Chunk> chunks = segmentTree.query(box);
      for (Chunk ch : chunks) {
        if (leaf[ch.slot]) {
          double d = chunkMetres(ch, lon, lat);
          distance.merge(ch.slot, d, Math::min);
        }
      }
    }
    for (Map.Entry<Integer, Double> e : distance.entrySet()) {
      double d = e.getValue();
      int s = e.getKey();
      if (d <= limit && (d < bestMetres || (d == bestMetres && s < best))) {
        best = s;
        bestMetres = d;
      }
    }
    return best < 0 ? null : new Snap(best, bestMetres);
  }

  /**
   * Distance in metres from the point to the nearest edge of the cell in {@code slot}, or
   * +infinity when no edge lies within {@code within} metres.
   */
  private double edgeMetres(int slot, double lon, double lat, double within) {
    @SuppressWarnings("unchecked")
    List<Chunk> chunks = segmentTree.query(box(lon, lat, within));
    double best = Double.POSITIVE_INFINITY;
    for (Chunk ch : chunks) {
      if (ch.slot == slot) {
        best = Math.min(best, chunkMetres(ch, lon, lat));
      }
    }
    return best;
  }

  private static double chunkMetres(Chunk ch, double lon, double lat) {
    CoordinateSequence r = ch.ring;
    double best = Double.POSITIVE_INFINITY;
    for (int i = ch.from; i < ch.to; i++) {
      best = Math.min(best,
          GeoMath.pointSegmentMetres(lon, lat, r.getX(i), r.getY(i), r.getX(i + 1), r.getY(i + 1)));
    }
    return best;
  }

  /** A lon/lat box holding every point within {@code metres} of (lon, lat), with 1% slack. */
  private static Envelope box(double lon, double lat, double metres) {
    double dLat = metres * 1.01 / GeoMath.METRES_PER_DEGREE;
    double perLon = GeoMath.metresPerDegreeLon(lat);
    double dLon = perLon > 1e-6 ? Math.min(180, metres * 1.01 / perLon) : 180;
    return new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
  }

  /** The cell with this code, if any. */
  public Optional<GridCell> cell(String code) {
    Integer s = slotByCode.get(code);
    return s == null ? Optional.empty() : Optional.of(all.get(s));
  }

  /**
   * Cells filtered by level and/or parent code ({@code null}: no filter), sorted by code;
   * unmodifiable.
   */
  public List<GridCell> cells(Integer level, String parentCode) {
    List<GridCell> source = parentCode == null ? all : children.getOrDefault(parentCode, List.of());
    if (level == null) {
      return source;
    }
    List<GridCell> out = new ArrayList<>();
    for (GridCell c : source) {
      if (c.level() == level) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The children of a cell, sorted by code (empty for a leaf or an unknown code). */
  public List<GridCell> children(String code) {
    return children.getOrDefault(code, List.of());
  }

  /** The point index of one level, if that level has cells. */
  public Optional<GridIndex> index(int level) {
    return level >= 1 && level <= maxLevel ? Optional.ofNullable(indexByLevel[level]) : Optional.empty();
  }

  /** Number of cells over all levels. */
  public int size() {
    return all.size();
  }

  /** The deepest level present (0 for an empty grid). */
  public int maxLevel() {
    return maxLevel;
  }
}
