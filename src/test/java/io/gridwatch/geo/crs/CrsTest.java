package io.gridwatch.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CrsTest {
  private static final double FORMULA = 1e-9;

  /**
   * Published outputs of the public formula (wandergis/coordtransform test/app.js and the
   * googollee/eviltransform test suite), computed there independently of this code.
   */
  @Test
  void wgs84ToGcj02ReproducesPublishedReferencePairs() {
    assertPair(ChinaOffsets.wgs84ToGcj02(116.404, 39.915), 116.41024449916938, 39.91640428150164);
    assertPair(ChinaOffsets.wgs84ToGcj02(121.5272106, 31.1774276), 121.531541859215, 31.17530398364597);
    assertPair(ChinaOffsets.wgs84ToGcj02(113.912316, 22.543847), 113.9171764808363, 22.540796131694766);
    assertPair(ChinaOffsets.wgs84ToGcj02(116.377817, 39.911954), 116.38404722455657, 39.91334545536069);
  }

  @Test
  void gcj02ToBd09ReproducesPublishedReferencePair() {
    assertPair(ChinaOffsets.gcj02ToBd09(116.404, 39.915), 116.41036949371029, 39.92133699351021);
  }

  @Test
  void bd09ToGcj02AgreesWithThePublishedClosedFormToACentimetre() {
    double[] g = ChinaOffsets.bd09ToGcj02(116.404, 39.915);
    assertThat(g[0]).isCloseTo(116.39762729119315, within(1e-6));
    assertThat(g[1]).isCloseTo(39.90865673957631, within(1e-6));
    double[] closed = ChinaOffsets.bd09ToGcj02ClosedForm(116.404, 39.915);
    assertPair(closed, 116.39762729119315, 39.90865673957631);
  }

  @Test
  void tiananmenAndChengduTianfuSquareShiftByAFewHundredMetresInGcj02() {
    // Tiananmen (WGS84) and 天府广场 Chengdu (WGS84): derived from the formula by an independent
    // Python transcription, 17 significant digits.
    assertPair(Crs.GCJ02.fromWgs84(116.397428, 39.90923), 116.40367162595768, 39.91063350638631);
    double[] chengdu = Crs.GCJ02.fromWgs84(104.065735, 30.659462);
    assertPair(chengdu, 104.0682424639204, 30.657041178599883);
    assertPair(Crs.BD09.fromWgs84(104.065735, 30.659462), 104.07473697258524, 30.663070740577478);
    // the offset is real: a few hundred metres, not zero
    double shift = io.gridwatch.geo.model.GeoMath.haversineMetres(104.065735, 30.659462, chengdu[0], chengdu[1]);
    assertThat(shift).isBetween(200.0, 600.0);
  }

  @Test
  void roundTripsThroughEveryCrsReturnTheInputWithin1e7Degrees() {
    Random r = new Random(42);
    double worst = 0;
    for (int i = 0; i < 5_000; i++) {
      double lon = 73 + r.nextDouble() * 62, lat = 18 + r.nextDouble() * 35;
      for (Crs c : Crs.values()) {
        double[] there = c.fromWgs84(lon, lat);
        double[] back = c.toWgs84(there[0], there[1]);
        worst = Math.max(worst, Math.max(Math.abs(back[0] - lon), Math.abs(back[1] - lat)));
      }
    }
    assertThat(worst).isLessThan(1e-8);
  }

  @Test
  void gcjInverseThenForwardReturnsTheGcjInput() {
    double[] w = Crs.GCJ02.toWgs84(104.0682424639204, 30.657041178599883);
    assertThat(w[0]).isCloseTo(104.065735, within(1e-8));
    assertThat(w[1]).isCloseTo(30.659462, within(1e-8));
  }

  @Test
  void outsideChinaTheOffsetsAreIdentity() {
    assertPair(Crs.GCJ02.fromWgs84(2.3522, 48.8566), 2.3522, 48.8566);
    assertPair(Crs.GCJ02.toWgs84(-74.006, 40.7128), -74.006, 40.7128);
  }

  @Test
  void wgs84AndCgcs2000AreIdentity() {
    assertPair(Crs.CGCS2000.toWgs84(104.1, 30.6), 104.1, 30.6);
    assertPair(Crs.WGS84.fromWgs84(104.1, 30.6), 104.1, 30.6);
  }

  @Test
  void parseIsCaseInsensitiveAndDefaultsToWgs84() {
    assertThat(Crs.parse("gcj02")).isEqualTo(Crs.GCJ02);
    assertThat(Crs.parse(" Bd09 ")).isEqualTo(Crs.BD09);
    assertThat(Crs.parse("cgcs2000")).isEqualTo(Crs.CGCS2000);
    assertThat(Crs.parse(null)).isEqualTo(Crs.WGS84);
    assertThat(Crs.parse("")).isEqualTo(Crs.WGS84);
  }

  @Test
  void parseRejectsUnknownNamesListingTheAllowedValues() {
    assertThatThrownBy(() -> Crs.parse("EPSG:4326"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EPSG:4326")
        .hasMessageContaining("WGS84, GCJ02, BD09, CGCS2000");
  }

  private static void assertPair(double[] actual, double lon, double lat) {
    assertThat(actual[0]).as("lon").isCloseTo(lon, within(FORMULA));
    assertThat(actual[1]).as("lat").isCloseTo(lat, within(FORMULA));
  }
}
