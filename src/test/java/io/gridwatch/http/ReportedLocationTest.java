package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The one reading of a reported location (case check-ins, incident arrivals). */
class ReportedLocationTest {

  private static JsonBody body(String json) {
    return JsonBody.of(new JsonObject(json));
  }

  @Test
  void absent_is_null_without_an_error() {
    JsonBody b = body("{}");
    assertThat(ReportedLocation.read(b, "location")).isNull();
    b.validate();
  }

  @Test
  void wgs84_is_taken_as_given_with_its_accuracy() {
    ReportedLocation at = ReportedLocation.read(body(
        "{\"location\": {\"lon\": 104.0815, \"lat\": 30.6555, \"accuracyMeters\": 12}}"), "location");
    assertThat(at).isEqualTo(new ReportedLocation(104.0815, 30.6555, 12.0));
  }

  @Test
  void gcj02_is_converted_to_wgs84_a_few_hundred_metres_away() {
    ReportedLocation at = ReportedLocation.read(body(
        "{\"location\": {\"lon\": 104.0815, \"lat\": 30.6555, \"crs\": \"GCJ02\"}}"), "location");
    // GCJ-02 lies some 100–700 m off WGS84 in China (the exact shift is CrsTest's, against published pairs).
    double metres = io.gridwatch.geo.model.GeoMath.haversineMetres(104.0815, 30.6555, at.lon(), at.lat());
    assertThat(metres).isBetween(100.0, 700.0);
  }

  @Test
  void every_wrong_part_is_named_and_nothing_is_returned() {
    JsonBody b = body("{\"location\": {\"lon\": 200, \"crs\": \"MARS\", \"accuracyMeters\": -1, \"alt\": 3}}");
    assertThat(ReportedLocation.read(b, "location")).isNull();
    assertThatThrownBy(b::validate).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
        .extracting(FieldError::field).containsExactlyInAnyOrder("location.alt", "location.lon", "location.lat",
            "location.crs", "location.accuracyMeters"));
  }

  @Test
  void a_location_that_is_not_an_object_is_an_error() {
    JsonBody b = body("{\"location\": \"104.08,30.65\"}");
    assertThat(ReportedLocation.read(b, "location")).isNull();
    assertThatThrownBy(b::validate).isInstanceOf(ApiException.class);
  }
}
