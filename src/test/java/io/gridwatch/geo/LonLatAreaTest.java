package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.GeometryRepair;
import io.gridwatch.geo.importing.RawGridFeature;
import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.LonLatArea;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class LonLatAreaTest {
  private static double box(double x0, double y0, double x1, double y1) {
    double r = GeoMath.EARTH_RADIUS_M;
    return r * r * Math.toRadians(x1 - x0)
        * (Math.sin(Math.toRadians(y1)) - Math.sin(Math.toRadians(y0)));
  }

  @Test
  void aLonLatBoxHasItsSphericalAreaWhicheverWayItTurns() throws Exception {
    Geometry ccw = new WKTReader().read("POLYGON((104 30, 104.02 30, 104.02 30.02, 104 30.02, 104 30))");
    Geometry cw = ccw.reverse();
    double expected = box(104, 30, 104.02, 30.02);
    assertThat(LonLatArea.squareMetres(ccw)).isCloseTo(expected, within(expected * 1e-12));
    assertThat(LonLatArea.squareMetres(cw)).isCloseTo(expected, within(expected * 1e-12));
  }

  @Test
  void holesAndMultiPolygonPartsCount() throws Exception {
    Geometry g = new WKTReader().read("MULTIPOLYGON(((104 30, 104.02 30, 104.02 30.02, 104 30.02, 104 30),"
        + "(104.005 30.005, 104.005 30.01, 104.01 30.01, 104.01 30.005, 104.005 30.005)),"
        + "((105 30, 105.01 30, 105.01 30.01, 105 30.01, 105 30)))");
    double expected = box(104, 30, 104.02, 30.02) - box(104.005, 30.005, 104.01, 30.01)
        + box(105, 30, 105.01, 30.01);
    assertThat(LonLatArea.squareMetres(g)).isCloseTo(expected, within(expected * 1e-12));
  }

  @Test
  void aLongThinSliverFarFromGreenwichKeepsItsSmallArea() throws Exception {
    // A 7 km sliver between two Voronoi edges at Chengdu; about 11.4 m² in the local plane.
    Geometry sliver = new WKTReader().read("POLYGON((104.5698003 30.3085627, "
        + "104.5729472 30.3025588, 104.6028561 30.2454956, 104.5698003 30.3085627))");
    double metresPerDegree = GeoMath.METRES_PER_DEGREE;
    double planar = sliver.getArea() * metresPerDegree * metresPerDegree
        * Math.cos(Math.toRadians(sliver.getCentroid().getY()));
    assertThat(LonLatArea.squareMetres(sliver)).isCloseTo(planar, within(planar * 0.01));
  }

  @Test
  void aWholeDistrictAgreesWithTheEqualAreaProjection() throws Exception {
    var fs = new GeoJsonGridReader()
        .read(Files.readAllBytes(Path.of("geodata/sources/chengdu-districts.geojson")));
    for (RawGridFeature f : fs) {
      Geometry g = GeometryRepair.repair(f.geometry()).geometry();
      double sinusoidal = sinusoidalArea(g);
      assertThat(LonLatArea.squareMetres(g)).as(f.code()).isCloseTo(sinusoidal, within(sinusoidal * 1e-4));
    }
  }

  /** The equal-area sinusoidal projection centred on the geometry: an independent reference. */
  private static double sinusoidalArea(Geometry lonLat) {
    double lon0 = lonLat.getCentroid().getX();
    Geometry projected = lonLat.copy();
    // Through setOrdinate: a CoordinateFilter assigning c.x would be lost on a packed sequence
    // (issue 10) and leave the area in square degrees.
    projected.apply(new org.locationtech.jts.geom.CoordinateSequenceFilter() {
      @Override
      public void filter(org.locationtech.jts.geom.CoordinateSequence seq, int i) {
        double phi = Math.toRadians(seq.getY(i));
        seq.setOrdinate(i, 0, GeoMath.EARTH_RADIUS_M * Math.toRadians(seq.getX(i) - lon0) * Math.cos(phi));
        seq.setOrdinate(i, 1, GeoMath.EARTH_RADIUS_M * phi);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    return projected.getArea();
  }
}
