package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The demo's inspectors work their assignments by themselves ({@link DemoField}): with
 * {@code --demo} at 1,200 complaints a minute, demo time runs 60 times faster than real time, so
 * within a minute or two of real time the demo inspectors are on duty inside their grids, accept
 * a dispatch, travel towards the case (their stored positions come nearer to it) and check in.
 * The pure parts (walking a straight line, the share of answers) are tested without a server.
 */
@NeedsDatabase
class DemoFieldTest {
  private static final Duration PATIENCE = Duration.ofSeconds(240);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(true, Map.of("GRIDWATCH_DEMO_PASSWORD", "demo password for tests",
        "GRIDWATCH_DEMO_COMPLAINTS_PER_MINUTE", "1200", "GRIDWATCH_DEMO_SEED", "7"), Clock.systemUTC(), true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<Row> rows(String sql, Object... args) {
    List<Row> out = new ArrayList<>();
    server.app().pool().preparedQuery(sql).execute(Tuple.from(args)).await().forEach(out::add);
    return out;
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting after " + PATIENCE + " until " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void demo_inspectors_go_on_duty_inside_their_grid_accept_travel_towards_the_case_and_check_in() {
    // On duty, each with a position inside their own grid cell.
    String demoInspectors = "u.role = 'INSPECTOR' AND (u.username ~ '^inspector_[0-9]{6}_[0-9]+$'"
        + " OR u.username IN ('inspector1', 'inspector2'))";
    long total = rows("SELECT count(*) FROM app_user u WHERE " + demoInspectors).get(0).getLong(0);
    assertThat(total).isGreaterThan(2);
    await("every demo inspector is on duty with a position", () -> rows("SELECT count(*) FROM app_user u"
        + " JOIN staff_roster s ON s.user_id = u.id WHERE s.status <> 'OFF_DUTY' AND s.lon IS NOT NULL AND "
        + demoInspectors).get(0).getLong(0) == total);
    GeometryFactory f = new GeometryFactory();
    for (Row r : rows("SELECT u.username, u.grid_code, t.lon, t.lat FROM app_user u JOIN LATERAL"
        + " (SELECT lon, lat FROM staff_track WHERE user_id = u.id ORDER BY at, id LIMIT 1) t ON true WHERE "
        + demoInspectors)) {
      GridCell home = server.app().grid().snapshot().cellsByCode().get(r.getString("grid_code"));
      assertThat(home.geometry().contains(f.createPoint(new Coordinate(r.getDouble("lon"), r.getDouble("lat")))))
          .as(r.getString("username") + "'s first position lies in " + home.code()).isTrue();
    }

    // A demo inspector checks in on a case of the demo.
    String arrivedQuery = "SELECT e.case_id, e.actor_id, e.at, c.lon_wgs84, c.lat_wgs84 FROM case_event e"
        + " JOIN case_file c ON c.id = e.case_id JOIN app_user u ON u.id = e.actor_id"
        + " WHERE e.type = 'arrived' AND c.lon_wgs84 IS NOT NULL AND " + demoInspectors + " ORDER BY e.id LIMIT 1";
    await("a demo inspector checks in", () -> !rows(arrivedQuery).isEmpty());
    Row arrived = rows(arrivedQuery).get(0);
    long caseId = arrived.getLong("case_id");
    long inspector = arrived.getLong("actor_id");
    OffsetDateTime arrivedAt = arrived.getOffsetDateTime("at");
    double caseLon = arrived.getDouble("lon_wgs84");
    double caseLat = arrived.getDouble("lat_wgs84");

    // Both assigned inspectors accepted, each by themselves, before the check-in.
    List<Row> events = rows("SELECT type, actor_id, version FROM case_event WHERE case_id = $1 ORDER BY version", caseId);
    List<Long> team = new ArrayList<>();
    rows("SELECT unnest(assigned_inspectors) AS id FROM case_file WHERE id = $1", caseId)
        .forEach(r -> team.add(r.getLong("id")));
    int arrivedIndex = -1;
    List<Long> acceptedBefore = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Row e = events.get(i);
      if (e.getString("type").equals("arrived")) {
        arrivedIndex = i;
        break;
      }
      if (e.getString("type").equals("accepted")) {
        acceptedBefore.add(e.getLong("actor_id"));
      }
    }
    assertThat(arrivedIndex).isPositive();
    assertThat(team).contains(inspector);
    assertThat(acceptedBefore).containsAll(team);

    // The way there: positions stored along a straight line towards the case, the last one at it.
    OffsetDateTime accepted = rows("SELECT min(at) AS at FROM case_event WHERE case_id = $1 AND type = 'accepted'"
        + " AND actor_id = $2", caseId, inspector).get(0).getOffsetDateTime("at");
    List<Double> distances = new ArrayList<>();
    rows("SELECT lon, lat FROM staff_track WHERE user_id = $1 AND at >= $2 AND at <= $3 ORDER BY at, id",
        inspector, accepted, arrivedAt).forEach(r ->
        distances.add(GeoMath.haversineMetres(r.getDouble("lon"), r.getDouble("lat"), caseLon, caseLat)));
    assertThat(distances).as("positions between accepting and checking in").hasSizeGreaterThanOrEqualTo(2);
    assertThat(distances.get(distances.size() - 1)).isLessThanOrEqualTo(DemoField.ON_SITE_METRES);
    assertThat(distances.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .isGreaterThan(distances.get(distances.size() - 1) + 10);
    // On the way, the walls heard the inspector en route, and every stored position as staff.position.
    assertThat(rows("SELECT count(*) FROM event_outbox WHERE type = 'staff.status'"
        + " AND payload -> 'data' ->> 'userId' = $1 AND payload -> 'data' ->> 'status' = 'EN_ROUTE'",
        String.valueOf(inspector)).get(0).getLong(0)).isPositive();
    assertThat(rows("SELECT count(*) FROM event_outbox WHERE type = 'staff.position'"
        + " AND payload -> 'data' ->> 'userId' = $1", String.valueOf(inspector)).get(0).getLong(0))
        .isEqualTo(rows("SELECT count(*) FROM staff_track WHERE user_id = $1", inspector).get(0).getLong(0));
  }

  @Test
  void a_walker_covers_the_distance_asked_on_the_straight_line_and_stops_at_the_case() {
    double[] from = {104.00, 30.60};
    double[] to = {104.05, 30.65};
    double total = GeoMath.haversineMetres(from[0], from[1], to[0], to[1]);
    double[] step = DemoField.towards(from[0], from[1], to[0], to[1], 41.7);
    assertThat(GeoMath.haversineMetres(from[0], from[1], step[0], step[1])).isCloseTo(41.7, within(0.5));
    assertThat(GeoMath.haversineMetres(step[0], step[1], to[0], to[1])).isCloseTo(total - 41.7, within(0.5));
    assertThat(DemoField.towards(from[0], from[1], to[0], to[1], total + 1)).containsExactly(to);
    // Ten seconds at 15 km/h.
    assertThat(DemoField.SPEED_MPS * DemoField.TICK_DEMO_MS / 1000).isCloseTo(41.67, within(0.01));
  }

  @Test
  void about_one_dispatch_in_ten_is_refused_or_left_to_time_out() {
    int[] counts = new int[DemoField.Answer.values().length];
    Random rng = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      counts[DemoField.answer(new Random(rng.nextLong())).ordinal()]++;
    }
    assertThat(counts[DemoField.Answer.ACCEPT.ordinal()] / 20_000.0).isCloseTo(0.90, within(0.01));
    assertThat(counts[DemoField.Answer.REFUSE.ordinal()] / 20_000.0).isCloseTo(0.05, within(0.01));
    assertThat(counts[DemoField.Answer.TIME_OUT.ordinal()] / 20_000.0).isCloseTo(0.05, within(0.01));
    assertThat(DemoField.timeFactor(20)).isEqualTo(1);
    assertThat(DemoField.timeFactor(0)).isEqualTo(1);
    assertThat(DemoField.timeFactor(1200)).isEqualTo(60);
  }
}
