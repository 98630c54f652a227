package io.gridwatch.geo.demo;

import io.gridwatch.geo.crs.Crs;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.demo.PlaceNames.Kind;
import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.GeometryRepair;
import io.gridwatch.geo.importing.RawGridFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Generates GridWatch's demo grid of Chengdu, reproducibly: the same source and seed always give
 * the same bytes.
 *
 * <ul>
 *   <li>Level 1: the 20 real districts and counties of the source file, with their current GB/T
 *       2260 codes and names ({@link #CODE_UPDATES} brings the source's out-of-date ones up to
 *       date), converted from GCJ-02 to WGS84 (the source comes from AMap, whose boundaries are
 *       GCJ-02; see docs/geodata.md), repaired with JTS {@code GeometryFixer}, overlaps given to
 *       the lower code, and
 *       snapped to a 1e-7 degree grid (7 decimals) with snap-rounding overlay so that the result
 *       stays valid. The small gaps of the source between districts are kept.
 *   <li>Level 2: 10 to 15 invented streets (街道), towns (镇) and townships (乡) per district,
 *       more in larger districts: seeded random sites in the district, two Lloyd relaxations,
 *       Voronoi cells intersected with the district. Disconnected slivers of a cell are given to
 *       the neighbour they share most border with. The children tile their parent exactly (up to
 *       snap-rounding at 1e-7 degree).
 *   <li>Level 3: 6 to 12 invented communities (社区), villages (村) and the odd industrial park
 *       (工业园区, 园区) per level-2 cell, made the same way.
 * </ul>
 *
 * Codes follow the national 12-digit statistical layout: a level-2 code is its district's code
 * plus 001-099 for a street, 100-199 for a town, 200-399 for a township; a level-3 code is its
 * parent's code plus 001-199 for a community, 200-399 for a village, 400-499 for a park (the range
 * for bodies similar to residents' committees). Urban districts (names ending in 区) get mostly
 * streets, counties and county-level cities mostly towns and townships.
 *
 * <p>Each district and each level-2 cell draws from its own random generator, seeded from the
 * seed and its code, so the number, sites, codes and names of one cell's children do not depend
 * on any other cell; the final snap-rounding of shared borders ({@link #assemble}) looks at all of
 * them at once. Uses {@link StrictMath} for anything that reaches the output, so the bytes do not
 * vary between JVMs. Stateless and thread-safe; {@link #generate} is blocking file I/O and takes
 * about ten seconds.
 */
public final class DemoGridGenerator {
  /** The seed of the committed demo grid in {@code geodata/chengdu/}. */
  public static final long DEFAULT_SEED = 20260101L;

  /** Decimals of every output coordinate (1e-7 degree, about 1 cm). */
  public static final int DECIMALS = 7;

  /**
   * Codes and names that changed since the source was made: 郫县 became 郫都区 (510117) in 2016,
   * 简阳市 moved to Chengdu as 510185 in 2016, and 新津县 became 新津区 (510118) in 2020. The
   * source carries 510124 郫都区, 510180 简阳市 and 510132 新津县. Source code → {code, name}.
   */
  public static final Map<String, String[]> CODE_UPDATES = Map.of(
      "510124", new String[] {"510117", "郫都区"},
      "510180", new String[] {"510185", "简阳市"},
      "510132", new String[] {"510118", "新津区"});

  private static final PrecisionModel GRID = new PrecisionModel(1e7);
  private static final GeometryFactory FACTORY = new GeometryFactory(GRID, 4326);
  private static final int LLOYD_ITERATIONS = 2;

  private DemoGridGenerator() {}

  /** The three levels of a demo grid, each sorted by code. */
  public record DemoGrid(List<GridCell> level1, List<GridCell> level2, List<GridCell> level3) {
    public DemoGrid {
      level1 = List.copyOf(level1);
      level2 = List.copyOf(level2);
      level3 = List.copyOf(level3);
    }
  }

  /**
   * Writes {@code level1.geojson}, {@code level2.geojson} and {@code level3.geojson} into {@code
   * outDir} (created if missing), generated from the district boundaries in {@code
   * chengduSource} with the given seed.
   *
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static void generate(Path chengduSource, Path outDir, long seed) {
    DemoGrid grid = build(chengduSource, seed, code -> true);
    try {
      Files.createDirectories(outDir);
      Files.write(outDir.resolve("level1.geojson"), GridGeoJsonWriter.write(grid.level1()));
      Files.write(outDir.resolve("level2.geojson"), GridGeoJsonWriter.write(grid.level2()));
      Files.write(outDir.resolve("level3.geojson"), GridGeoJsonWriter.write(grid.level3()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds the grid in memory.
   *
   * @param districtFilter which level-1 codes (after {@link #CODE_UPDATES}) get children; all
   *     districts are always in level 1
   */
  public static DemoGrid build(Path chengduSource, long seed, Predicate<String> districtFilter) {
    List<RawGridFeature> source;
    try {
      source = new GeoJsonGridReader().read(Files.readAllBytes(chengduSource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<GridCell> level1 = districts(source);
    List<GridCell> level2 = new ArrayList<>();
    List<GridCell> level3 = new ArrayList<>();
    double[] areaRange = areaRange(level1);
    for (GridCell district : level1) {
      if (!districtFilter.test(district.code())) {
        continue;
      }
      List<GridCell> streets = streetsOf(district, seed, areaRange);
      level2.addAll(streets);
      for (GridCell street : streets) {
        level3.addAll(communitiesOf(street, seed));
      }
    }
    return assemble(level1, level2, level3);
  }

  /**
   * Turns the draft cells (level 1 on the grid, levels 2 and 3 in floating point) into the final
   * grid, in which every level tiles its parent exactly with all coordinates on the 1e-7 grid.
   *
   * <p>Intersecting each draft cell with its parent on the grid separately would not do: a straight
   * parent edge split where a child edge meets it gets its split point rounded off the line, so
   * children and parent would disagree by slivers of a few square metres. Instead all boundaries
   * of all levels are noded together once with snap-rounding, polygonized into faces, and each
   * face is given to the level-3 cell that contains it; a cell of any level is then the union of
   * its faces, so children and parents share every edge. Faces outside every district (the gaps of
   * the source) stay out. Faces too small to classify reliably (crumbs of snap-rounding) join the
   * neighbouring face they share the longest edge with.
   */
  static DemoGrid assemble(List<GridCell> level1, List<GridCell> level2, List<GridCell> level3) {
    List<Geometry> lines = new ArrayList<>();
    level1.forEach(c -> lines.add(c.geometry().getBoundary()));
    level3.forEach(c -> lines.add(c.geometry().getBoundary()));
    Geometry noded = UnaryUnionNG.union(FACTORY.buildGeometry(lines), GRID);
    Polygonizer polygonizer = new Polygonizer();
    polygonizer.add(noded);
    @SuppressWarnings("unchecked")
    List<Polygon> faces = new ArrayList<>(polygonizer.getPolygons());

    Classifier districts = new Classifier(level1);
    Classifier cells = new Classifier(level3);
    Map<String, List<Geometry>> byCode = new HashMap<>();
    STRtree assigned = new STRtree();
    List<Polygon> crumbs = new ArrayList<>();
    for (Polygon face : faces) {
      if (face.getArea() < CRUMB_SQUARE_DEGREES) {
        crumbs.add(face);
        continue;
      }
      String code = classify(face, districts, cells);
      if (code != null) {
        byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(face);
        assigned.insert(face.getEnvelopeInternal(), new Object[] {face, code});
      }
    }
    for (Polygon crumb : crumbs) {
      String code = null;
      double longest = 0;
      Geometry boundary = crumb.getBoundary();
      for (Object o : assigned.query(crumb.getEnvelopeInternal())) {
        Object[] entry = (Object[]) o;
        double shared = OverlayNGRobust.overlay(boundary, (Geometry) entry[0],
            OverlayNG.INTERSECTION).getLength();
        if (shared > longest || (shared == longest && shared > 0
            && ((String) entry[1]).compareTo(code) < 0)) {
          longest = shared;
          code = (String) entry[1];
        }
      }
      if (code == null) {
        code = classify(crumb, districts, cells);
      }
      if (code != null) {
        byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(crumb);
      }
    }

    List<GridCell> out1 = new ArrayList<>();
    List<GridCell> out2 = new ArrayList<>();
    List<GridCell> out3 = new ArrayList<>();
    for (GridCell c : level3) {
      out3.add(withFaces(c, byCode, code -> code.equals(c.code())));
    }
    for (GridCell c : level2) {
      out2.add(withFaces(c, byCode, code -> code.length() == 12 && code.startsWith(c.code())));
    }
    for (GridCell c : level1) {
      out1.add(withFaces(c, byCode, code -> code.startsWith(c.code())));
    }
    out1.sort(Comparator.comparing(GridCell::code));
    out2.sort(Comparator.comparing(GridCell::code));
    out3.sort(Comparator.comparing(GridCell::code));
    return new DemoGrid(out1, out2, out3);
  }

  /** Faces smaller than this (about 100 m²) are crumbs of snap-rounding, not cells. */
  private static final double CRUMB_SQUARE_DEGREES = 1e-8;

  /**
   * The level-3 code of the draft cell containing the face, or the district's code where the
   * district has no level-3 drafts, or null outside every district.
   */
  private static String classify(Polygon face, Classifier districts, Classifier cells) {
    Coordinate p = InteriorPointArea.getInteriorPoint(face);
    GridCell district = districts.containing(p);
    if (district == null) {
      return null;
    }
    GridCell cell = cells.containing(p);
    if (cell == null || !cell.code().startsWith(district.code())) {
      cell = cells.nearest(p, district.code());
    }
    return cell == null ? district.code() : cell.code();
  }

  private static GridCell withFaces(
      GridCell cell, Map<String, List<Geometry>> byCode, Predicate<String> mine) {
    List<Geometry> faces = new ArrayList<>();
    byCode.keySet().stream().filter(mine).sorted().forEach(code -> faces.addAll(byCode.get(code)));
    if (faces.isEmpty()) {
      throw new IllegalStateException("cell " + cell.code() + " got no area");
    }
    Geometry g = polygonal(CoverageUnion.union(FACTORY.buildGeometry(faces)));
    return new GridCell(cell.code(), cell.level(), cell.name(), cell.parentCode(), g);
  }

  /** Finds which of a set of cells contains a point. */
  private static final class Classifier {
    private final STRtree tree = new STRtree();

    Classifier(List<GridCell> cells) {
      for (GridCell c : cells) {
        tree.insert(c.geometry().getEnvelopeInternal(),
            new Object[] {c, new IndexedPointInAreaLocator(c.geometry())});
      }
    }

    GridCell containing(Coordinate p) {
      GridCell found = null;
      for (Object o : tree.query(new Envelope(p))) {
        Object[] e = (Object[]) o;
        GridCell c = (GridCell) e[0];
        if (((IndexedPointInAreaLocator) e[1]).locate(p) == Location.INTERIOR
            && (found == null || c.code().compareTo(found.code()) < 0)) {
          found = c;
        }
      }
      return found;
    }

    GridCell nearest(Coordinate p, String codePrefix) {
      Envelope search = new Envelope(p);
      search.expandBy(0.01);
      GridCell best = null;
      double bestDistance = Double.MAX_VALUE;
      Geometry point = FACTORY.createPoint(p);
      for (Object o : tree.query(search)) {
        GridCell c = (GridCell) ((Object[]) o)[0];
        if (!c.code().startsWith(codePrefix)) {
          continue;
        }
        double d = c.geometry().distance(point);
        if (d < bestDistance || (d == bestDistance && c.code().compareTo(best.code()) < 0)) {
          bestDistance = d;
          best = c;
        }
      }
      return best;
    }
  }

  /**
   * Level 1: updated codes, GCJ-02 converted to WGS84, repaired, on the 1e-7 grid, overlaps given
   * to the lower code.
   */
  static List<GridCell> districts(List<RawGridFeature> source) {
    List<GridCell> cells = new ArrayList<>();
    for (RawGridFeature f : source) {
      String[] update = CODE_UPDATES.get(f.code());
      String code = update == null ? f.code() : update[0];
      String name = update == null ? f.name() : update[1];
      Geometry wgs84 = Crs.GCJ02.toWgs84(f.geometry());
      Geometry repaired = GeometryRepair.repair(wgs84).geometry();
      Geometry snapped = polygonal(GeometryPrecisionReducer.reduce(repaired, GRID));
      cells.add(new GridCell(code, 1, name, null, FACTORY.createGeometry(snapped)));
    }
    cells.sort(Comparator.comparing(GridCell::code));
    List<GridCell> out = new ArrayList<>();
    for (GridCell c : cells) {
      Geometry g = c.geometry();
      for (GridCell lower : out) {
        if (lower.geometry().getEnvelopeInternal().intersects(g.getEnvelopeInternal())
            && lower.geometry().intersects(g)) {
          g = polygonal(OverlayNG.overlay(g, lower.geometry(), OverlayNG.DIFFERENCE, GRID));
        }
      }
      out.add(new GridCell(c.code(), 1, c.name(), null, g));
    }
    return out;
  }

  private static double[] areaRange(List<GridCell> districts) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (GridCell d : districts) {
      double a = localArea(d.geometry());
      min = Math.min(min, a);
      max = Math.max(max, a);
    }
    return new double[] {min, max};
  }

  /** Level 2 of one district. */
  static List<GridCell> streetsOf(GridCell district, long seed, double[] areaRange) {
    Random rng = new Random(mix(seed, district.code()));
    double t = areaRange[1] > areaRange[0]
        ? StrictMath.log(localArea(district.geometry()) / areaRange[0])
            / StrictMath.log(areaRange[1] / areaRange[0])
        : 0.5;
    int n = Math.min(15, 10 + (int) (t * 4 + rng.nextDouble() * 2));
    List<Cell> cells = tessellate(district.geometry(), n, rng);
    boolean urban = district.name().endsWith("区");
    boolean core = urban && localArea(district.geometry()) < 0.02; // about 200 km²
    // Cells nearest the district's centre are the most urban.
    Coordinate centre = InteriorPointArea.getInteriorPoint(district.geometry());
    cells.sort(Comparator.comparingDouble(c -> c.site.distance(centre)));
    int streets = core ? n : urban ? n - 2 - rng.nextInt(4) : 1 + rng.nextInt(3);
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kinds.add(i < streets ? Kind.STREET : urban || rng.nextInt(10) < 7 ? Kind.TOWN : Kind.TOWNSHIP);
    }
    return name(district, 2, cells, kinds, rng);
  }

  /** Level 3 of one level-2 cell. */
  static List<GridCell> communitiesOf(GridCell street, long seed) {
    Random rng = new Random(mix(seed, street.code()));
    int n = 6 + rng.nextInt(7);
    List<Cell> cells = tessellate(street.geometry(), n, rng);
    Coordinate centre = InteriorPointArea.getInteriorPoint(street.geometry());
    cells.sort(Comparator.comparingDouble(c -> c.site.distance(centre)));
    int lastThree = Integer.parseInt(street.code().substring(6));
    boolean isStreet = lastThree < 100;
    int communities = isStreet ? n : 1 + rng.nextInt(2);
    int park = rng.nextInt(8) == 0 ? n - 1 - rng.nextInt(Math.max(1, n - communities)) : -1;
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kinds.add(i == park ? Kind.PARK : i < communities ? Kind.COMMUNITY : Kind.VILLAGE);
    }
    return name(street, 3, cells, kinds, rng);
  }

  /** Gives each cell a code in its kind's range, in order, and a unique name. */
  private static List<GridCell> name(
      GridCell parent, int level, List<Cell> cells, List<Kind> kinds, Random rng) {
    Map<Kind, Integer> next = new HashMap<>();
    PlaceNames names = new PlaceNames(rng);
    List<GridCell> out = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      Kind kind = kinds.get(i);
      int number = next.getOrDefault(kind, kind.first);
      // Real code lists have holes where divisions were merged away.
      next.put(kind, number + 1 + (rng.nextInt(5) == 0 ? 1 : 0));
      if (number > kind.last) {
        throw new IllegalStateException("too many " + kind + " cells in " + parent.code());
      }
      String code = parent.code() + String.format(Locale.ROOT, "%03d", number);
      out.add(new GridCell(code, level, names.next(kind), parent.code(), cells.get(i).geometry));
    }
    out.sort(Comparator.comparing(GridCell::code));
    return out;
  }

  /** A child cell and the Voronoi site it grew from. */
  private record Cell(Coordinate site, Geometry geometry) {}

  /**
   * Splits a parent into {@code n} cells that tile it: relaxed random sites, Voronoi cells
   * intersected with the parent on the 1e-7 grid. Computed in a plane where a degree of
   * longitude is shortened by cos(latitude), so that cells are round rather than tall.
   */
  private static List<Cell> tessellate(Geometry parent, int n, Random rng) {
    Envelope env = parent.getEnvelopeInternal();
    double lat = Math.round(env.centre().y * 1000) / 1000.0;
    double k = StrictMath.cos(StrictMath.toRadians(lat));
    AffineTransformation toPlane = AffineTransformation.scaleInstance(k, 1);
    AffineTransformation toLonLat = AffineTransformation.scaleInstance(1 / k, 1);
    Geometry plane = toPlane.transform(parent);
    IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(plane);
    List<Coordinate> sites = sample(plane, inside, n, rng);
    GeometryFactory gf = plane.getFactory();
    Envelope clip = new Envelope(plane.getEnvelopeInternal());
    clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()) * 0.5);

    for (int i = 0; i < LLOYD_ITERATIONS; i++) {
      List<Coordinate> moved = new ArrayList<>(sites.size());
      for (Polygon cell : voronoi(sites, clip, gf)) {
        Geometry part = polygonal(OverlayNGRobust.overlay(cell, plane, OverlayNG.INTERSECTION));
        Coordinate c = part.getCentroid().getCoordinate();
        if (c == null || inside.locate(c) != Location.INTERIOR) {
          c = InteriorPointArea.getInteriorPoint(part);
        }
        moved.add(c == null ? (Coordinate) cell.getUserData() : c);
      }
      sites = moved;
    }

    List<Cell> cells = new ArrayList<>();
    for (Polygon cell : voronoi(sites, clip, gf)) {
      Coordinate site = toLonLat.transform((Coordinate) cell.getUserData(), new Coordinate());
      Geometry lonLat = toLonLat.transform(cell);
      Geometry child = polygonal(OverlayNGRobust.overlay(lonLat, parent, OverlayNG.INTERSECTION));
      if (!child.isEmpty()) {
        cells.add(new Cell(site, child));
      }
    }
    return mergeSlivers(cells);
  }

  /** Voronoi cells of the sites, clipped to the envelope, each carrying its site as user data. */
  private static List<Polygon> voronoi(List<Coordinate> sites, Envelope clip, GeometryFactory gf) {
    VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
    vb.setSites(sites);
    vb.setClipEnvelope(clip);
    List<Polygon> cells = new ArrayList<>();
    PolygonExtracter.getPolygons(vb.getDiagram(gf), cells);
    // Deterministic order, by site.
    cells.sort(Comparator.comparing(p -> (Coordinate) p.getUserData()));
    return cells;
  }

  /** Rejection sampling with a minimum spacing that shrinks if the parent is too narrow. */
  private static List<Coordinate> sample(
      Geometry plane, IndexedPointInAreaLocator inside, int n, Random rng) {
    Envelope env = plane.getEnvelopeInternal();
    double spacing = 0.6 * StrictMath.sqrt(plane.getArea() / n);
    List<Coordinate> sites = new ArrayList<>();
    int attempts = 0;
    while (sites.size() < n) {
      Coordinate c = new Coordinate(
          env.getMinX() + rng.nextDouble() * env.getWidth(),
          env.getMinY() + rng.nextDouble() * env.getHeight());
      if (++attempts > 300 * n) {
        spacing *= 0.7;
        attempts = 0;
      }
      if (inside.locate(c) != Location.INTERIOR) {
        continue;
      }
      boolean farEnough = true;
      for (Coordinate s : sites) {
        if (s.distance(c) < spacing) {
          farEnough = false;
          break;
        }
      }
      if (farEnough) {
        sites.add(c);
      }
    }
    return sites;
  }

  /**
   * Gives every detached part of a cell (a sliver cut off by a bend of the parent's border) to the
   * cell whose main part shares the longest border with it; a part that borders no other cell's
   * main part (an exclave of the parent) stays where it is.
   */
  private static List<Cell> mergeSlivers(List<Cell> cells) {
    int n = cells.size();
    Geometry[] main = new Geometry[n];
    List<List<Polygon>> rest = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Polygon> parts = new ArrayList<>();
      PolygonExtracter.getPolygons(cells.get(i).geometry, parts);
      Geometry site = FACTORY.createPoint(cells.get(i).site);
      Polygon best = parts.get(0);
      for (Polygon p : parts) {
        if (p.distance(site) < best.distance(site)
            || (p.distance(site) == best.distance(site) && p.getArea() > best.getArea())) {
          best = p;
        }
      }
      main[i] = best;
      List<Polygon> others = new ArrayList<>(parts);
      others.remove(best);
      rest.add(others);
    }
    List<List<Geometry>> gained = new ArrayList<>();
    List<List<Geometry>> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gained.add(new ArrayList<>());
      kept.add(new ArrayList<>(List.of(main[i])));
    }
    for (int i = 0; i < n; i++) {
      for (Polygon part : rest.get(i)) {
        int to = i;
        double longest = 0;
        Geometry boundary = part.getBoundary();
        for (int j = 0; j < n; j++) {
          if (j == i || !main[j].getEnvelopeInternal().intersects(part.getEnvelopeInternal())) {
            continue;
          }
          double shared = OverlayNGRobust.overlay(boundary, main[j], OverlayNG.INTERSECTION)
              .getLength();
          if (shared > longest) {
            longest = shared;
            to = j;
          }
        }
        (to == i ? kept.get(i) : gained.get(to)).add(part);
      }
    }
    List<Cell> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Geometry> parts = kept.get(i);
      Geometry g;
      if (gained.get(i).isEmpty()) {
        g = parts.size() == 1 ? parts.get(0)
            : FACTORY.createMultiPolygon(parts.stream().map(Polygon.class::cast)
                .toArray(Polygon[]::new));
      } else {
        parts.addAll(gained.get(i));
        g = polygonal(OverlayNGRobust.union(FACTORY.buildGeometry(parts)));
      }
      out.add(new Cell(cells.get(i).site, g));
    }
    return out;
  }

  private static Geometry polygonal(Geometry g) {
    return GeometryRepair.polygonal(g);
  }

  /** Area in square degrees, longitude shortened by cos(latitude): proportional to m². */
  static double localArea(Geometry g) {
    double lat = g.getEnvelopeInternal().centre().y;
    return g.getArea() * StrictMath.cos(StrictMath.toRadians(lat));
  }

  /** A 64-bit mix of the seed and a code (FNV-1a, then the SplitMix64 finaliser). */
  static long mix(long seed, String code) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < code.length(); i++) {
      h ^= code.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /**
   * {@code --source FILE --out DIR [--seed N]}: the same as the {@code generate-demo-grid}
   * subcommand, for running without the server's command line.
   */
  public static void main(String[] args) {
    Path source = Path.of("geodata/sources/chengdu-districts.geojson");
    Path out = Path.of("geodata/chengdu");
    long seed = DEFAULT_SEED;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--source" -> source = Path.of(require(value, "--source"));
        case "--out" -> out = Path.of(require(value, "--out"));
        case "--seed" -> seed = Long.parseLong(require(value, "--seed"));
        default -> throw new IllegalArgumentException(
            "usage: generate-demo-grid [--source FILE] [--out DIR] [--seed N]");
      }
      i++;
    }
    generate(source, out, seed);
  }

  private static String require(String value, String option) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
