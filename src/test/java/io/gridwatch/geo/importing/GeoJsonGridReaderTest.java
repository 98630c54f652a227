package io.gridwatch.geo.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

class GeoJsonGridReaderTest {
  private final GeoJsonGridReader reader = new GeoJsonGridReader();

  private static final String SQUARE = "[[[104,30],[104.01,30],[104.01,30.01],[104,30.01],[104,30]]]";

  static String feature(String props, String geometry) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":" + geometry + "}";
  }

  static String polygon(String coords) {
    return "{\"type\":\"Polygon\",\"coordinates\":" + coords + "}";
  }

  static String collection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  static String cell(String code, String coords) {
    return feature("{\"code\":\"" + code + "\",\"name\":\"测试" + code + "\"}", polygon(coords));
  }

  private List<RawGridFeature> read(String json) {
    return reader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(ThrowingCallable call, String problem, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(GridImportException.class, e -> {
          assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
          assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
        });
  }

  private void assertRefused(String json, String problem, String field) {
    assertRefused(() -> read(json), problem, field);
  }

  @Test
  void aWellFormedCollectionGivesCodesNamesParentsAndPolygons() {
    List<RawGridFeature> fs = read(collection(
        cell("510104", SQUARE),
        feature("{\"name\":\"村\"}", "{\"type\":\"MultiPolygon\",\"coordinates\":[" + SQUARE + "]}")
            .replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":510104001001,"),
        feature("{\"code\":510104001,\"name\":\" 街道 \",\"parentCode\":\"510104\",\"other\":{\"x\":[1,2]}}",
            polygon(SQUARE))));
    assertThat(fs).extracting(RawGridFeature::code)
        .containsExactly("510104", "510104001001", "510104001");
    assertThat(fs).extracting(RawGridFeature::parentCode)
        .containsExactly(null, "510104001", "510104");
    assertThat(fs.get(2).name()).isEqualTo("街道");
    assertThat(fs.get(0).geometry()).isInstanceOf(Polygon.class);
    assertThat(fs.get(1).geometry()).isInstanceOf(MultiPolygon.class);
    assertThat(fs.get(0).geometry().getNumPoints()).isEqualTo(5);
    assertThat(fs).extracting(RawGridFeature::index).containsExactly(0, 1, 2);
  }

  @Test
  void membersMayComeInAnyOrderAndStreamsWork() {
    String json = "{\"features\":[{\"geometry\":{\"coordinates\":" + SQUARE
        + ",\"type\":\"Polygon\"},\"properties\":{\"name\":\"a\",\"code\":\"510104\"},"
        + "\"type\":\"Feature\"}],\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        + "\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}}";
    List<RawGridFeature> fs =
        reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(fs).singleElement().extracting(RawGridFeature::code).isEqualTo("510104");
  }

  @Test
  void cgcs2000AndEpsg4326AreAcceptedButAProjectedCrsIsRefused() {
    for (String crs : List.of("EPSG:4490", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326")) {
      String json = collection(cell("510104", SQUARE)).replaceFirst("\\{",
          "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + crs + "\"}},");
      assertThat(read(json)).hasSize(1);
    }
    String json = collection(cell("510104", SQUARE)).replaceFirst("\\{",
        "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3857\"}},");
    assertRefused(json, "unsupported-crs", "crs");
    assertThatThrownBy(() -> read(json)).hasMessageContaining("ogr2ogr");
  }

  @Test
  void anUnclosedRingIsRefusedAtTheRing() {
    assertRefused(
        collection(cell("510104", SQUARE), cell("510105", "[[[104,30],[104.01,30],[104.01,30.01],[104,30.01]]]")),
        "unclosed-ring", "features[1].geometry.coordinates[0]");
  }

  @Test
  void aBowTieIsReadAsItIsAndThenRepairedNotRejected() {
    List<RawGridFeature> fs =
        read(collection(cell("510104", "[[[104,30],[104.02,30.02],[104.02,30],[104,30.02],[104,30]]]")));
    assertThat(fs.get(0).geometry().isValid()).isFalse();
    ImportPlan plan = new GridImportPlanner().plan(1, fs, java.util.Map.of());
    assertThat(plan.rejected()).isEmpty();
    assertThat(plan.accepted()).singleElement().satisfies(c -> assertThat(c.geometry().isValid()).isTrue());
    assertThat(plan.repaired()).singleElement()
        .satisfies(r -> assertThat(r.problem()).startsWith("Self-intersection at (104.0100000, 30.0100000)"));
  }

  @Test
  void aRingOfThreePositionsIsRefused() {
    assertRefused(collection(cell("510104", "[[[104,30],[104.01,30],[104,30]]]")),
        "invalid-ring", "features[0].geometry.coordinates[0]");
  }

  @Test
  void aMillionVertexPolygonIsTooLarge() {
    StringBuilder sb = new StringBuilder("[[");
    for (int i = 0; i < 1_000_000; i++) {
      sb.append('[').append(104 + i * 1e-7).append(",30],");
    }
    sb.append("[104,30]]]");
    String json = collection(cell("510104", sb.toString()));
    assertRefused(json, "too-large", "features[0].geometry.coordinates");
    GridImportException e = catchRefusal(json);
    assertThat(e.status()).isEqualTo(413);
  }

  @Test
  void tooManyFeaturesAndTooManyBytesAreTooLarge() {
    GeoJsonGridReader small = new GeoJsonGridReader(new ImportLimits(2, 100, 1000, 64, 10_000));
    String three = collection(cell("510104", SQUARE), cell("510105", SQUARE), cell("510106", SQUARE));
    assertRefused(() -> small.read(three.getBytes(StandardCharsets.UTF_8)), "too-large", "features[2]");
    String big = collection(cell("510104", SQUARE)).replace("\"name\"", "\"pad\":\"" + "x".repeat(20_000) + "\",\"name\"");
    assertRefused(() -> small.read(big.getBytes(StandardCharsets.UTF_8)), "too-large", "$");
    assertRefused(
        () -> small.read(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))),
        "too-large", "$");
  }

  @Test
  void twoHundredDeepNestingIsRefusedWithoutBlowingTheStack() {
    String deep = "[".repeat(200) + "]".repeat(200);
    String inProperties = collection(feature("{\"code\":\"510104\",\"name\":\"a\",\"x\":" + deep + "}", polygon(SQUARE)));
    GridImportException e = catchRefusal(inProperties);
    assertThat(e.problem()).isEqualTo("too-deep");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors().get(0).field()).startsWith("features[0].properties.x");
    assertRefused(collection(cell("510104", deep)), "invalid-coordinate",
        "features[0].geometry.coordinates[0][0][0][0]");
  }

  @Test
  void stringsAsCoordinatesAreRefusedAtTheNumber() {
    assertRefused(collection(cell("510104", "[[[104,30],[\"104.01\",30],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1][0]");
    assertRefused(collection(cell("510104", "[[[104,30],true,[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1]");
  }

  @Test
  void hugeNumbersNanAndOutOfRangeLatitudesAreRefused() {
    assertRefused(collection(cell("510104", "[[[104,30],[1e400,30],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1][0]");
    assertRefused(collection(cell("510104", "[[[104,30],[104.01,NaN],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1][1]");
    assertRefused(collection(cell("510104", "[[[104,30],[104.01,95],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1]");
    assertRefused(collection(cell("510104", "[[[104,30],[181,30],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1]");
    assertRefused(collection(cell("510104", "[[[104,30],[104.1],[104.01,30.01],[104,30]]]")),
        "invalid-coordinate", "features[0].geometry.coordinates[0][1]");
    String longNumber = "104." + "1".repeat(500);
    assertRefused(collection(cell("510104", "[[[104,30],[" + longNumber + ",30],[104.01,30.01],[104,30]]]")),
        "too-large", "features[0].geometry.coordinates[0][1][0]");
  }

  @Test
  void onlyPolygonsAndMultiPolygonsAreAccepted() {
    assertRefused(collection(feature("{\"code\":\"510104\",\"name\":\"a\"}",
            "{\"type\":\"Point\",\"coordinates\":[104,30]}")),
        "unsupported-geometry", "features[0].geometry.type");
    assertRefused(collection(feature("{\"code\":\"510104\",\"name\":\"a\"}",
            "{\"type\":\"GeometryCollection\",\"geometries\":[]}")),
        "unsupported-geometry", "features[0].geometry.type");
    assertRefused(collection(feature("{\"code\":\"510104\",\"name\":\"a\"}", "null")),
        "unsupported-geometry", "features[0].geometry");
    assertRefused(collection(feature("{\"code\":\"510104\",\"name\":\"a\"}",
            "{\"type\":\"Polygon\",\"coordinates\":[[104,30],[104.01,30],[104.01,30.01],[104,30]]}")),
        "invalid-coordinate", "features[0].geometry.coordinates");
  }

  @Test
  void nameAndCodeAreRequired() {
    assertRefused(collection(feature("{\"code\":\"510104\"}", polygon(SQUARE))),
        "invalid-name", "features[0].properties.name");
    assertRefused(collection(feature("{\"code\":\"510104\",\"name\":17}", polygon(SQUARE))),
        "invalid-name", "features[0].properties.name");
    assertRefused(collection(feature("{\"name\":\"a\"}", polygon(SQUARE))),
        "invalid-code", "features[0].properties.code");
    assertRefused(collection(feature("{\"code\":\"51O104\",\"name\":\"a\"}", polygon(SQUARE))),
        "invalid-code", "features[0].properties.code");
    assertRefused(collection(feature("{\"code\":510104.5,\"name\":\"a\"}", polygon(SQUARE))),
        "invalid-code", "features[0].properties.code");
    assertRefused(collection(feature("{\"name\":\"a\",\"parentCode\":\"51-01\",\"code\":\"510104001\"}", polygon(SQUARE))),
        "invalid-code", "features[0].properties.parentCode");
  }

  @Test
  void notAFeatureCollectionIsRefused() {
    assertRefused("[1,2]", "invalid-geojson", "$");
    assertRefused("{\"type\":\"Feature\",\"features\":[]}", "invalid-geojson", "type");
    assertRefused("{\"type\":\"FeatureCollection\"}", "invalid-geojson", "features");
    assertRefused("{\"type\":\"FeatureCollection\",\"features\":{}}", "invalid-geojson", "features");
    assertRefused(collection("{\"type\":\"Feature\",\"properties\":{\"code\":\"510104\",\"name\":\"a\"},\"geometry\":"
        + polygon(SQUARE) + ",\"type\":\"Feature\"}"), "invalid-json", "features[0].type");
  }

  @Test
  void brokenJsonIsUnparseable() {
    GridImportException e = catchRefusal("{\"type\":\"FeatureCollection\",\"features\":[");
    assertThat(e.problem()).isEqualTo("invalid-json");
    assertThat(e.status()).isEqualTo(400);
    assertRefused("", "invalid-json", "$");
    assertRefused(collection(cell("510104", SQUARE)) + "{}", "invalid-json", "$");
  }

  private GridImportException catchRefusal(String json) {
    try {
      read(json);
    } catch (GridImportException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }
}
