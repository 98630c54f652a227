package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Test grids: the WKT fixtures of {@code src/test/resources/geo/} and seeded random Voronoi
 * tilings.
 *
 * <p>Fixture format, one statement a line ({@code #} starts a comment line):
 * <pre>
 * CELL &lt;code&gt; &lt;WKT&gt;
 * EXPECT &lt;lon&gt; &lt;lat&gt; &lt;code | none&gt; &lt;scenario words...&gt;
 * </pre>
 */
public final class GeoFixtures {
  public static final GeometryFactory FACTORY = new GeometryFactory();

  /** Every fixture file, by name (without directory). */
  public static final List<String> FIXTURES = List.of(
      "squares-3x3.wkt", "hole-and-island.wkt", "multipolygons.wkt", "overlaps.wkt", "gaps.wkt",
      "spiral.wkt");

  private GeoFixtures() {}

  /** A point with the code expected to cover it ({@code null}: nothing covers it). */
  public record Expectation(double lon, double lat, String code, String scenario) {}

  /** The cells and expectations of one fixture file. */
  public record Fixture(String name, List<GridCell> cells, List<Expectation> expectations) {}

  /** Loads {@code geo/<name>} from the test class path. */
  public static Fixture load(String name) {
    String text;
    try (InputStream in = GeoFixtures.class.getResourceAsStream("/geo/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    WKTReader reader = new WKTReader(FACTORY);
    List<GridCell> cells = new ArrayList<>();
    List<Expectation> expectations = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String keyword = l.split("\\s+", 2)[0];
      try {
        switch (keyword) {
          case "CELL" -> {
            String[] c = l.split("\\s+", 3);
            cells.add(new GridCell(c[1], 3, c[1], null, reader.read(c[2])));
          }
          case "EXPECT" -> {
            String[] e = l.split("\\s+", 5);
            expectations.add(new Expectation(Double.parseDouble(e[1]), Double.parseDouble(e[2]),
                e[3].equals("none") ? null : e[3], e.length > 4 ? e[4] : ""));
          }
          default -> throw new IllegalArgumentException("unknown statement " + keyword);
        }
      } catch (ParseException | RuntimeException e) {
        throw new IllegalArgumentException(name + ":" + lineNo + ": " + e.getMessage(), e);
      }
    }
    return new Fixture(name, cells, expectations);
  }

  /**
   * A Voronoi tiling of {@code n} seeded random sites clipped to {@code box}. Codes are
   * 12-digit strings assigned in random order, so code order is unrelated to position.
   */
  public static List<GridCell> voronoi(int n, long seed, Envelope box) {
    Random random = new Random(seed);
    List<Coordinate> sites = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sites.add(new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
          box.getMinY() + random.nextDouble() * box.getHeight()));
    }
    VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
    builder.setSites(sites);
    builder.setClipEnvelope(box);
    Geometry diagram = builder.getDiagram(FACTORY);
    Geometry frame = FACTORY.toGeometry(box);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < diagram.getNumGeometries(); i++) {
      codes.add(i);
    }
    Collections.shuffle(codes, random);
    List<GridCell> cells = new ArrayList<>();
    for (int i = 0; i < diagram.getNumGeometries(); i++) {
      Geometry cell = diagram.getGeometryN(i).intersection(frame);
      if (cell.isEmpty() || !(cell instanceof Polygon)) {
        continue;
      }
      String code = String.format("510104%06d", codes.get(i));
      cells.add(new GridCell(code, 3, "V" + codes.get(i), "510104", cell));
    }
    return cells;
  }

  /**
   * The cells with every coordinate rounded to a multiple of {@code 1/denominator} degree, as in
   * quantised real data (vertices shared by neighbours stay shared; some cells self-intersect). Cells that collapse
   * to less than a polygon are dropped.
   */
  public static List<GridCell> quantised(List<GridCell> cells, double denominator) {
    GeometryTransformer snap = new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
        CoordinateSequence out = coords.copy();
        for (int i = 0; i < out.size(); i++) {
          out.setOrdinate(i, 0, Math.round(out.getX(i) * denominator) / denominator);
          out.setOrdinate(i, 1, Math.round(out.getY(i) * denominator) / denominator);
        }
        return out;
      }
    };
    List<GridCell> out = new ArrayList<>();
    for (GridCell c : cells) {
      Geometry g = snap.transform(c.geometry());
      if (g instanceof org.locationtech.jts.geom.Polygonal && !g.isEmpty()) {
        out.add(new GridCell(c.code(), c.level(), c.name(), c.parentCode(), g));
      }
    }
    return out;
  }

  /** {@code count} seeded random points in {@code box} grown by 5% on each side. */
  public static double[][] randomPoints(int count, long seed, Envelope box) {
    Random random = new Random(seed);
    double w = box.getWidth() * 1.1, h = box.getHeight() * 1.1;
    double x0 = box.getMinX() - box.getWidth() * 0.05, y0 = box.getMinY() - box.getHeight() * 0.05;
    double[][] points = new double[count][];
    for (int i = 0; i < count; i++) {
      points[i] = new double[] {x0 + random.nextDouble() * w, y0 + random.nextDouble() * h};
    }
    return points;
  }
}
