package io.gridwatch.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.RawGridFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFactory;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.CoordinateArraySequenceFactory;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;

/**
 * {@link Crs#toWgs84(Geometry)} must move every vertex of a geometry, whatever coordinate
 * sequence holds it. Issue 10: a {@code CoordinateFilter} assigning {@code c.x} changed nothing on
 * the {@link PackedCoordinateSequence} that {@link GeoJsonGridReader} builds, so the demo grid kept
 * its GCJ-02 vertices and every test passed because none compared a converted geometry with the
 * point conversion.
 */
class CrsGeometryConversionTest {
  /** A conversion that moved a vertex by less than this did not happen (GCJ-02 in Chengdu: ~360 m). */
  private static final double REAL_SHIFT_METRES = 200;

  static Stream<Arguments> sequenceTypesAndSystems() {
    List<Arguments> out = new ArrayList<>();
    for (String type : List.of("CoordinateArraySequence", "PackedCoordinateSequence.Double",
        "PackedCoordinateSequence.Float")) {
      for (Crs crs : List.of(Crs.GCJ02, Crs.BD09)) {
        out.add(Arguments.of(type, crs));
      }
    }
    return out.stream();
  }

  private static CoordinateSequenceFactory factoryNamed(String type) {
    return switch (type) {
      case "CoordinateArraySequence" -> CoordinateArraySequenceFactory.instance();
      case "PackedCoordinateSequence.Double" -> PackedCoordinateSequenceFactory.DOUBLE_FACTORY;
      case "PackedCoordinateSequence.Float" -> PackedCoordinateSequenceFactory.FLOAT_FACTORY;
      default -> throw new IllegalArgumentException(type);
    };
  }

  @ParameterizedTest(name = "{0}, {1} → WGS84")
  @MethodSource("sequenceTypesAndSystems")
  void aMultiPolygonWithAHoleMovesEveryVertexExactlyAsThePointConversion(String type, Crs crs) {
    GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 4326, factoryNamed(type));
    Geometry source = gf.createMultiPolygon(new Polygon[] {
        gf.createPolygon(
            ring(gf, 104.00, 30.60, 104.12, 30.60, 104.12, 30.70, 104.00, 30.70, 104.00, 30.60),
            new LinearRing[] {
                ring(gf, 104.03, 30.63, 104.03, 30.66, 104.06, 30.66, 104.06, 30.63, 104.03, 30.63)}),
        gf.createPolygon(
            ring(gf, 103.60, 30.95, 103.66, 30.95, 103.63, 31.02, 103.60, 30.95))});
    Geometry before = source.copy();
    source.getEnvelopeInternal(); // cache the envelope, so a stale one would show

    Geometry converted = crs.toWgs84(source);

    assertEveryVertexMovedAsThePointConversion(type, crs, source, converted);
    assertThat(source.equalsExact(before)).as("the input geometry is left as it was").isTrue();
    assertThat(converted.getEnvelopeInternal()).as("envelope recomputed after the change")
        .isEqualTo(envelopeOfVertices(converted));
    assertThat(converted.isValid()).isTrue();
  }

  @Test
  void aPolygonReadByTheGridReaderMovesEveryVertex() throws Exception {
    String json = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"510104\",\"name\":\"锦江区\"},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[104.0673828125,30.6552734375],[104.1,30.64],[104.11,30.67],"
        + "[104.08,30.69],[104.0673828125,30.6552734375]]]}}]}";
    RawGridFeature f = new GeoJsonGridReader().read(json.getBytes(StandardCharsets.UTF_8)).get(0);
    Polygon read = (Polygon) f.geometry();
    assertThat(read.getExteriorRing().getCoordinateSequence())
        .as("the reader's own sequence type, the one the old filter failed on")
        .isInstanceOf(PackedCoordinateSequence.class);

    Geometry converted = Crs.GCJ02.toWgs84(read);

    assertEveryVertexMovedAsThePointConversion("reader", Crs.GCJ02, read, converted);
  }

  @Test
  void wgs84AndCgcs2000GiveAnEqualCopy() {
    GeometryFactory gf = new GeometryFactory(
        new PrecisionModel(), 4326, PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
    Polygon p = gf.createPolygon(ring(gf, 104.0, 30.6, 104.1, 30.6, 104.1, 30.7, 104.0, 30.6));
    for (Crs crs : List.of(Crs.WGS84, Crs.CGCS2000)) {
      Geometry out = crs.toWgs84(p);
      assertThat(out).isNotSameAs(p);
      assertThat(out.equalsExact(p)).isTrue();
    }
  }

  private static void assertEveryVertexMovedAsThePointConversion(
      String type, Crs crs, Geometry source, Geometry converted) {
    Coordinate[] in = source.getCoordinates();
    Coordinate[] out = converted.getCoordinates();
    assertThat(out).hasSameSizeAs(in);
    boolean floats = type.endsWith("Float");
    for (int i = 0; i < in.length; i++) {
      double[] expected = crs.toWgs84(in[i].x, in[i].y);
      if (floats) {
        // a float sequence stores the converted value rounded to float, and nothing else
        expected = new double[] {(float) expected[0], (float) expected[1]};
      }
      assertThat(new double[] {out[i].x, out[i].y})
          .as("%s vertex %d (%s, %s) in %s", type, i, in[i].x, in[i].y, crs)
          .containsExactly(expected);
      double moved = GeoMath.haversineMetres(in[i].x, in[i].y, out[i].x, out[i].y);
      assertThat(moved).as("%s vertex %d moved (m)", type, i).isGreaterThan(REAL_SHIFT_METRES);
    }
  }

  private static Envelope envelopeOfVertices(Geometry g) {
    Envelope e = new Envelope();
    for (Coordinate c : g.getCoordinates()) {
      e.expandToInclude(c);
    }
    return e;
  }

  private static LinearRing ring(GeometryFactory gf, double... xy) {
    CoordinateSequence seq = gf.getCoordinateSequenceFactory().create(xy.length / 2, 2);
    for (int i = 0; i < xy.length / 2; i++) {
      seq.setOrdinate(i, CoordinateSequence.X, xy[2 * i]);
      seq.setOrdinate(i, CoordinateSequence.Y, xy[2 * i + 1]);
    }
    return gf.createLinearRing(seq);
  }
}
