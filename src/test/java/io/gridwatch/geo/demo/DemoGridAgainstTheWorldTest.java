package io.gridwatch.geo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.Resolution;
import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.RawGridFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.util.LinearComponentExtracter;

/**
 * The committed demo grid checked against truths this code did not produce: the GCJ-02 source it
 * was converted from, and places whose WGS84 coordinates are published elsewhere (issue 10).
 *
 * <p>Until issue 10 the grid still held the source's GCJ-02 vertices and was served as WGS84, about
 * 350 m off, and every test passed because each compared the resolver with the stored polygons,
 * never the stored polygons with the world. The first two tests fail on that grid; the landmarks
 * guard against gross errors (a swapped axis, a wrong code, a doubled offset), and the panda base,
 * near a border, is a published place that the old grid put in the wrong district.
 */
class DemoGridAgainstTheWorldTest {
  private static final Path SOURCE = Path.of("geodata/sources/chengdu-districts.geojson");
  private static final Path COMMITTED = Path.of("geodata/chengdu");

  /** The source's quantum: AMap's boundaries come on a 1/1024 degree grid. */
  private static final double SOURCE_GRID_DEGREES = 1.0 / 1024;

  private static Map<String, Geometry> sourceByCode;
  private static Map<String, GridCell> districtsByCode;
  private static GridResolver resolver;

  @BeforeAll
  static void readTheSourceAndTheCommittedGrid() throws Exception {
    GeoJsonGridReader reader = new GeoJsonGridReader();
    sourceByCode = new HashMap<>();
    for (RawGridFeature f : reader.read(Files.readAllBytes(SOURCE))) {
      String[] update = DemoGridGenerator.CODE_UPDATES.get(f.code());
      sourceByCode.put(update == null ? f.code() : update[0], f.geometry());
    }
    districtsByCode = new HashMap<>();
    List<GridCell> all = new ArrayList<>();
    for (int level = 1; level <= 3; level++) {
      for (RawGridFeature f : reader.read(Files.readAllBytes(COMMITTED.resolve("level" + level + ".geojson")))) {
        GridCell cell = new GridCell(f.code(), level, f.name(), f.parentCode(), f.geometry());
        all.add(cell);
        if (level == 1) {
          districtsByCode.put(cell.code(), cell);
        }
      }
    }
    resolver = GridResolver.build(all);
  }

  @Test
  void everyCommittedDistrictLies250To450MetresNorthWestOfItsGcj02Source() {
    assertThat(districtsByCode.keySet()).containsExactlyInAnyOrderElementsOf(sourceByCode.keySet());
    for (GridCell district : districtsByCode.values()) {
      Point committed = district.geometry().getCentroid();
      Point source = sourceByCode.get(district.code()).getCentroid();
      double dLon = committed.getX() - source.getX();
      double dLat = committed.getY() - source.getY();
      double metres = GeoMath.haversineMetres(source.getX(), source.getY(), committed.getX(), committed.getY());
      String what = district.code() + " " + district.name() + String.format(
          " centroid moved (%.5f, %.5f), %.0f m", dLon, dLat, metres);
      assertThat(metres).as(what).isBetween(250.0, 450.0);
      assertThat(dLon).as(what + ": westward").isNegative();
      assertThat(dLat).as(what + ": northward").isPositive();
    }
  }

  @Test
  void noCommittedDistrictVertexIsStillOnTheSourcesGcj02Grid() {
    // The unconverted grid had every vertex on the source's 1/1024 degree lattice (rounded to the
    // 7 decimals of the output); after the conversion practically none is (chance ~1e-7 each).
    int vertices = 0;
    int onTheSourceGrid = 0;
    for (GridCell district : districtsByCode.values()) {
      for (Coordinate c : district.geometry().getCoordinates()) {
        vertices++;
        if (onSourceGrid(c.x) && onSourceGrid(c.y)) {
          onTheSourceGrid++;
        }
      }
    }
    assertThat(vertices).isGreaterThan(10_000);
    assertThat(onTheSourceGrid).as("of %d vertices", vertices).isLessThanOrEqualTo(vertices / 1000);
  }

  private static boolean onSourceGrid(double degrees) {
    double steps = degrees / SOURCE_GRID_DEGREES;
    return Math.abs(steps - Math.rint(steps)) * SOURCE_GRID_DEGREES < 2e-7;
  }

  /**
   * Places with published WGS84 coordinates, each at least 1 km inside its district on the
   * committed polygon, which the test itself checks. The coordinates are those of the English
   * Wikipedia infoboxes (WGS84 by GeoHack's convention), read where noted through a mirror of the
   * article, and for Dujiangyan also the World Heritage inscription. An infobox point stands for a
   * place of some size (an airport, a town), so only places far from any border are used.
   */
  static Stream<Arguments> publishedPlaces() {
    return Stream.of(
        // 成都双流国际机场. en.m.wikipedia.org/wiki/Chengdu_Shuangliu_International_Airport (infobox):
        // 30°34′42″N 103°56′49″E (30.57833, 103.94694).
        Arguments.of("Chengdu Shuangliu International Airport", 103.94694, 30.57833, "510116", "双流区"),
        // 成都天府国际机场, Lujia Town, Jianyang. en.wikipedia.org/wiki/Chengdu_Tianfu_International_Airport
        // (infobox as mirrored by wikimili.com): 30°19′08″N 104°26′42″E (30.319, 104.445).
        Arguments.of("Chengdu Tianfu International Airport", 104.445, 30.319, "510185", "简阳市"),
        // 都江堰. en.wikipedia.org/wiki/Dujiangyan (infobox, as mirrored by hmong.in.th) and the UNESCO
        // World Heritage inscription of site 1001 as quoted by the-world-heritage-sites.com
        // (N 31 0 6.012 E 103 36 19.008): 31°0′6″N 103°36′19″E (31.00167, 103.60528).
        Arguments.of("Dujiangyan irrigation system", 103.60528, 31.00167, "510181", "都江堰市"),
        // 彭州市, seat Tianpeng. en.wikipedia.org/wiki/Pengzhou (as mirrored by wikipedia.moesalih.com):
        // 30°59′28″N 103°56′35″E (30.991, 103.943).
        Arguments.of("Pengzhou", 103.943, 30.991, "510182", "彭州市"),
        // 金堂县, seat Zhaozhen. en.wikipedia.org/wiki/Jintang_County (as mirrored at 70.231.62.181):
        // 30°51′04″N 104°24′58″E (30.851, 104.416).
        Arguments.of("Jintang County", 104.416, 30.851, "510121", "金堂县"),
        // 崇州市, seat Chongyang. en.wikipedia.org/wiki/Chongzhou (as mirrored by review.clateway.com):
        // 30°38′06″N 103°40′09″E (30.63500, 103.66917).
        Arguments.of("Chongzhou", 103.66917, 30.63500, "510184", "崇州市"),
        // 温江区. en.wikipedia.org/wiki/Wenjiang_District (as mirrored by nzt.eth.link):
        // 30°41′07″N 103°49′57″E (30.6854, 103.8325).
        Arguments.of("Wenjiang District", 103.8325, 30.6854, "510115", "温江区"));
  }

  @ParameterizedTest(name = "{0} → {3} {4}")
  @MethodSource("publishedPlaces")
  void aPublishedPlaceWellInsideItsDistrictResolvesToThatDistrict(
      String place, double lon, double lat, String code, String name) {
    GridCell district = districtsByCode.get(code);
    assertThat(district).as(code).isNotNull();
    assertThat(district.name()).isEqualTo(name);
    assertThat(new IndexedPointInAreaLocator(district.geometry()).locate(new Coordinate(lon, lat)))
        .as("%s lies inside the committed polygon of %s", place, name).isEqualTo(Location.INTERIOR);
    assertThat(distanceToBoundaryMetres(district.geometry(), lon, lat))
        .as("%s: metres from the border of %s", place, name).isGreaterThanOrEqualTo(1000.0);

    Optional<Resolution> resolved = resolver.resolve(lon, lat);

    assertThat(resolved).as(place).isPresent();
    List<GridCell> chain = resolved.get().cells();
    assertThat(chain.get(chain.size() - 1).code()).as(place).isEqualTo(code);
    assertThat(resolved.get().deepest().level()).as(place + " resolves to a level-3 cell").isEqualTo(3);
    assertThat(resolved.get().snapped()).isFalse();
  }

  @Test
  void theGiantPandaBaseResolvesToChenghuaWhereTheUnconvertedGridPutItInXindu() {
    // 成都大熊猫繁育研究基地, "1375# Panda Road, Northern Suburb, Chenghua District" (panda.org.cn,
    // Brief Introduction). en.wikipedia.org/wiki/Chengdu_Research_Base_of_Giant_Panda_Breeding
    // (infobox, as mirrored at 70.231.62.181): 30°44′19″N 104°8′31″E (30.73861, 104.14194). About 290 m inside 成华区 on the committed grid,
    // closer than the 1 km of the landmarks above but well beyond the source's 0.1 km quantum.
    double lon = 104.14194, lat = 30.73861;

    Optional<Resolution> resolved = resolver.resolve(lon, lat);

    assertThat(resolved).isPresent();
    List<GridCell> chain = resolved.get().cells();
    assertThat(chain.get(chain.size() - 1).code()).isEqualTo("510108");
    assertThat(chain.get(chain.size() - 1).name()).isEqualTo("成华区");
    // The source's GCJ-02 polygons read as WGS84, which is what was served before issue 10, put it
    // in 新都区: the very error a GPS-reported complaint at the base would have met.
    assertThat(new IndexedPointInAreaLocator(sourceByCode.get("510114")).locate(new Coordinate(lon, lat)))
        .isEqualTo(Location.INTERIOR);
    assertThat(new IndexedPointInAreaLocator(sourceByCode.get("510108")).locate(new Coordinate(lon, lat)))
        .isEqualTo(Location.EXTERIOR);
  }

  /** Shortest distance in metres from the point to any ring of the (multi)polygon. */
  private static double distanceToBoundaryMetres(Geometry polygonal, double lon, double lat) {
    double best = Double.MAX_VALUE;
    @SuppressWarnings("unchecked")
    List<LineString> rings = LinearComponentExtracter.getLines(polygonal);
    for (LineString ring : rings) {
      CoordinateSequence s = ring.getCoordinateSequence();
      for (int i = 0; i + 1 < s.size(); i++) {
        best = Math.min(best,
            GeoMath.pointSegmentMetres(lon, lat, s.getX(i), s.getY(i), s.getX(i + 1), s.getY(i + 1)));
      }
    }
    return best;
  }
}
