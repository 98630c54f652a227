package io.gridwatch.geo.bench;

import io.gridwatch.geo.GeoFixtures;
import io.gridwatch.geo.model.GridCell;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * The grids and query points of the benchmarks.
 *
 * <ul>
 *   <li>{@link #chengduLevel3}: the demo level-3 grid {@code geodata/chengdu/level3.geojson} when
 *       it exists; otherwise a generated grid of similar size: a seeded Voronoi tiling (dense in
 *       the centre, sparse in the countryside) whose shared edges are densified to ~10 m and given
 *       a smooth wiggle (so neighbours share identical vertices, like surveyed boundaries),
 *       clipped by the real (repaired) Chengdu district boundaries, which brings their
 *       quantised vertices, overlaps and gaps in. The generated grid is cached in
 *       {@code target/bench/}.
 *   <li>{@link #voronoiBox}: a plain seeded Voronoi tiling of a box (100,000 cells).
 * </ul>
 */
public final class BenchGrids {
  private static final GeometryFactory FACTORY = new GeometryFactory();

  private BenchGrids() {}

  /** The Chengdu level-3 grid: the demo file if present, else the generated stand-in. */
  public static List<GridCell> chengduLevel3(Path demoFile, Path districts, Path cacheDir) {
    if (Files.isRegularFile(demoFile)) {
      List<GridCell> cells = new ArrayList<>();
      for (GridCell c : readGeoJson(demoFile)) {
        if (c.level() == 3) {
          cells.add(c);
        }
      }
      System.out.printf("grid: %s (%d level-3 cells)%n", demoFile, cells.size());
      return cells;
    }
    Path cache = cacheDir.resolve("chengdu-level3-generated.geojson");
    if (Files.isRegularFile(cache)) {
      List<GridCell> cells = readGeoJson(cache);
      System.out.printf("grid: %s not found, using cached generated grid %s (%d cells)%n",
          demoFile, cache, cells.size());
      return cells;
    }
    long t0 = System.nanoTime();
    List<GridCell> cells = generateChengdu(districts, 2000, 20240601L, 0.0001);
    writeGeoJson(cells, cache);
    cells = readGeoJson(cache); // the rounded coordinates of the file, as every later run sees
    System.out.printf("grid: %s not found, generated %d cells from %s in %.1f s (cached in %s)%n",
        demoFile, cells.size(), districts, (System.nanoTime() - t0) / 1e9, cache);
    return cells;
  }

  /** A seeded Voronoi tiling of {@code n} cells over a 1.5 x 1.5 degree box around Chengdu. */
  public static List<GridCell> voronoiBox(int n, long seed) {
    return GeoFixtures.voronoi(n, seed, new Envelope(103.5, 105.0, 30.0, 31.5));
  }

  /**
   * Seeded query points: half uniform over the grid's bounding box, half uniform over the
   * bounding box of a uniformly chosen cell (so small urban cells get their share of queries).
   */
  public static double[][] queryPoints(List<GridCell> cells, int count, long seed) {
    Random random = new Random(seed);
    Envelope all = new Envelope();
    List<Envelope> envs = new ArrayList<>();
    for (GridCell c : cells) {
      Envelope e = c.geometry().getEnvelopeInternal();
      all.expandToInclude(e);
      envs.add(e);
    }
    double[][] points = new double[count][];
    for (int i = 0; i < count; i++) {
      Envelope e = i % 2 == 0 ? all : envs.get(random.nextInt(envs.size()));
      points[i] = new double[] {e.getMinX() + random.nextDouble() * e.getWidth(),
          e.getMinY() + random.nextDouble() * e.getHeight()};
    }
    return points;
  }

  /** Vertex statistics of a grid: total, max per cell, median per cell. */
  public static String describe(List<GridCell> cells) {
    int[] counts = cells.stream().mapToInt(c -> c.geometry().getNumPoints()).sorted().toArray();
    long total = 0;
    for (int n : counts) {
      total += n;
    }
    return String.format("%d cells, %d vertices (median %d, max %d per cell)", cells.size(),
        total, counts.length == 0 ? 0 : counts[counts.length / 2],
        counts.length == 0 ? 0 : counts[counts.length - 1]);
  }

  // ---------------------------------------------------------------------------------------

  static List<GridCell> generateChengdu(Path districtsFile, int sites, long seed, double spacing) {
    Map<String, Geometry> districts = readDistricts(districtsFile);
    Envelope bbox = new Envelope();
    STRtree districtIndex = new STRtree();
    List<IndexedPointInAreaLocator> locators = new ArrayList<>();
    for (Map.Entry<String, Geometry> d : districts.entrySet()) {
      bbox.expandToInclude(d.getValue().getEnvelopeInternal());
      districtIndex.insert(d.getValue().getEnvelopeInternal(), d.getKey());
      locators.add(new IndexedPointInAreaLocator(d.getValue()));
    }
    Random random = new Random(seed);
    List<Coordinate> points = new ArrayList<>();
    while (points.size() < sites) {
      Coordinate c = random.nextDouble() < 0.55
          ? new Coordinate(104.07 + random.nextGaussian() * 0.12, 30.66 + random.nextGaussian() * 0.10)
          : new Coordinate(bbox.getMinX() + random.nextDouble() * bbox.getWidth(),
              bbox.getMinY() + random.nextDouble() * bbox.getHeight());
      for (IndexedPointInAreaLocator l : locators) {
        if (l.locate(c) != Location.EXTERIOR) {
          points.add(c);
          break;
        }
      }
    }
    Envelope clip = new Envelope(bbox);
    clip.expandBy(0.01);
    VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
    vb.setSites(points);
    vb.setClipEnvelope(clip);
    Geometry diagram = vb.getDiagram(FACTORY);
    Geometry frame = FACTORY.toGeometry(clip);
    List<Geometry> boundaries = new ArrayList<>();
    for (int i = 0; i < diagram.getNumGeometries(); i++) {
      boundaries.add(diagram.getGeometryN(i).intersection(frame).getBoundary());
    }
    // Node the shared Voronoi edges once, wiggle each, and rebuild the tiling from them, so
    // neighbours share exactly the same densified vertices.
    Geometry noded = UnaryUnionOp.union(boundaries);
    LineMerger merger = new LineMerger();
    merger.add(noded);
    Polygonizer polygonizer = new Polygonizer();
    for (Object o : merger.getMergedLineStrings()) {
      polygonizer.add(wiggle((LineString) o, spacing));
    }
    @SuppressWarnings("unchecked")
    List<Polygon> tiles = new ArrayList<>(polygonizer.getPolygons());
    tiles.sort(Comparator.comparingDouble((Polygon p) -> p.getEnvelopeInternal().getMinY())
        .thenComparingDouble(p -> p.getEnvelopeInternal().getMinX()));
    Map<String, Integer> counters = new HashMap<>();
    List<GridCell> cells = new ArrayList<>();
    for (Polygon tile : tiles) {
      @SuppressWarnings("unchecked")
      List<String> hits = districtIndex.query(tile.getEnvelopeInternal());
      hits.sort(Comparator.naturalOrder());
      for (String code : hits) {
        Geometry piece = OverlayNGRobust.overlay(tile, districts.get(code), OverlayNG.INTERSECTION);
        @SuppressWarnings("unchecked")
        List<Polygon> parts = PolygonExtracter.getPolygons(piece);
        parts.removeIf(p -> p.getArea() < 1e-8); // < ~100 m²: slivers of the district overlay
        if (parts.isEmpty()) {
          continue;
        }
        Geometry g = parts.size() == 1 ? parts.get(0)
            : FACTORY.createMultiPolygon(parts.toArray(new Polygon[0]));
        int n = counters.merge(code, 1, Integer::sum);
        String cellCode = code + String.format("%06d", n);
        cells.add(new GridCell(cellCode, 3, "村" + cellCode.substring(6), code + "001", g));
      }
    }
    return cells;
  }

  /** Densifies a line to ~spacing and offsets interior vertices by a smooth, tapered wiggle. */
  private static LineString wiggle(LineString line, double spacing) {
    Coordinate[] in = line.getCoordinates();
    List<Coordinate> out = new ArrayList<>();
    double length = line.getLength();
    Random r = new Random(Double.doubleToLongBits(in[0].x) * 31 + Double.doubleToLongBits(in[0].y)
        + Double.doubleToLongBits(in[in.length - 1].x) * 17);
    double amplitude = Math.min(0.00012, 0.06 * length);
    double w1 = 2 * Math.PI / (0.002 + r.nextDouble() * 0.004), p1 = r.nextDouble() * 6.3;
    double w2 = 2 * Math.PI / (0.0005 + r.nextDouble() * 0.001), p2 = r.nextDouble() * 6.3;
    double walked = 0;
    out.add(new Coordinate(in[0]));
    for (int i = 0; i + 1 < in.length; i++) {
      Coordinate a = in[i], b = in[i + 1];
      double seg = a.distance(b);
      int steps = Math.max(1, (int) Math.ceil(seg / spacing));
      double nx = seg == 0 ? 0 : -(b.y - a.y) / seg, ny = seg == 0 ? 0 : (b.x - a.x) / seg;
      for (int k = 1; k <= steps; k++) {
        double t = (double) k / steps;
        boolean last = i + 2 == in.length && k == steps;
        if (last) {
          out.add(new Coordinate(b));
          break;
        }
        double s = walked + t * seg;
        double u = s / length;
        double off = amplitude * Math.sin(Math.PI * u)
            * (0.7 * Math.sin(w1 * s + p1) + 0.3 * Math.sin(w2 * s + p2));
        out.add(new Coordinate(a.x + t * (b.x - a.x) + nx * off, a.y + t * (b.y - a.y) + ny * off));
      }
      walked += seg;
    }
    return FACTORY.createLineString(out.toArray(new Coordinate[0]));
  }

  private static Map<String, Geometry> readDistricts(Path file) {
    Map<String, Geometry> out = new HashMap<>();
    for (Map.Entry<JSONObject, Geometry> f : readFeatures(file).entrySet()) {
      Object id = f.getKey().get("id");
      out.put(String.valueOf(id), GeometryFixer.fix(f.getValue()));
    }
    return out;
  }

  /** Reads a GeoJSON FeatureCollection of cells (properties code, level, name, parentCode). */
  public static List<GridCell> readGeoJson(Path file) {
    List<GridCell> cells = new ArrayList<>();
    for (Map.Entry<JSONObject, Geometry> f : readFeatures(file).entrySet()) {
      JSONObject props = (JSONObject) f.getKey().get("properties");
      Object parent = props.get("parentCode");
      cells.add(new GridCell(String.valueOf(props.get("code")),
          ((Number) props.get("level")).intValue(), String.valueOf(props.get("name")),
          parent == null ? null : String.valueOf(parent), f.getValue()));
    }
    return cells;
  }

  private static Map<JSONObject, Geometry> readFeatures(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JSONObject fc = (JSONObject) new JSONParser().parse(reader);
      GeoJsonReader geo = new GeoJsonReader(FACTORY);
      Map<JSONObject, Geometry> out = new java.util.LinkedHashMap<>();
      for (Object o : (JSONArray) fc.get("features")) {
        JSONObject feature = (JSONObject) o;
        out.put(feature, geo.read(((JSONObject) feature.get("geometry")).toJSONString()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (org.json.simple.parser.ParseException | ParseException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
    }
  }

  private static void writeGeoJson(List<GridCell> cells, Path file) {
    try {
      Files.createDirectories(file.getParent());
      GeoJsonWriter geo = new GeoJsonWriter(9);
      geo.setEncodeCRS(false);
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int i = 0; i < cells.size(); i++) {
          GridCell c = cells.get(i);
          JSONObject props = new JSONObject();
          props.put("code", c.code());
          props.put("level", c.level());
          props.put("name", c.name());
          props.put("parentCode", c.parentCode());
          w.write("{\"type\":\"Feature\",\"properties\":" + props.toJSONString()
              + ",\"geometry\":" + geo.write(c.geometry()) + "}" + (i + 1 < cells.size() ? ",\n" : "\n"));
        }
        w.write("]}\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
