package io.gridwatch.geo.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class Gcj02Test {
  @Test
  void tianfuSquareMovesAboutThreeHundredAndFiftyMetresSouthEastIntoGcj02() {
    double[] g = Gcj02.fromWgs84(104.0657, 30.6574);
    assertThat(g[0]).isCloseTo(104.068207304, within(1e-8));
    assertThat(g[1]).isCloseTo(30.654978228, within(1e-8));
  }

  @Test
  void theInverseRecoversWgs84ToBetterThanAMillimetre() {
    for (double lon = 103.0; lon <= 105.0; lon += 0.25) {
      for (double lat = 30.0; lat <= 31.5; lat += 0.25) {
        double[] g = Gcj02.fromWgs84(lon, lat);
        double[] w = Gcj02.toWgs84(g[0], g[1]);
        assertThat(w[0]).isCloseTo(lon, within(1e-8));
        assertThat(w[1]).isCloseTo(lat, within(1e-8));
      }
    }
  }
}
