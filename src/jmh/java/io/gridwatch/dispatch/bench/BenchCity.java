package io.gridwatch.dispatch.bench;

import io.gridwatch.auth.Role;
import io.gridwatch.dispatch.DispatchCase;
import io.gridwatch.dispatch.DutyStatus;
import io.gridwatch.dispatch.LonLat;
import io.gridwatch.dispatch.Position;
import io.gridwatch.dispatch.Staff;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * A synthetic but realistic roster for the demo city (Chengdu, geodata/chengdu/level3.geojson):
 * staff placed by the real grid codes, at random points inside real level-3 cells. Seeded, so
 * every run ranks the same city. Not thread-safe; built once per benchmark trial.
 */
final class BenchCity {
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** A level-3 cell: its code and polygon. */
  record Cell(String code, Geometry polygon) {}

  final List<Cell> cells = new ArrayList<>();
  final Map<String, List<Cell>> cellsByPrefix = new LinkedHashMap<>();
  private final Random random;

  BenchCity(Path level3, long seed) {
    random = new Random(seed);
    try {
      JsonObject collection = new JsonObject(Files.readString(level3));
      GeoJsonReader reader = new GeoJsonReader();
      for (Object f : collection.getJsonArray("features")) {
        JsonObject feature = (JsonObject) f;
        String code = feature.getJsonObject("properties").getString("code");
        Cell cell = new Cell(code, reader.read(feature.getJsonObject("geometry").encode()));
        cells.add(cell);
        for (String prefix : List.of(code.substring(0, 6), code.substring(0, 9), code)) {
          cellsByPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(cell);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The level-1 and level-2 codes of the city, in file order. */
  List<String> codesOfLength(int length) {
    return cellsByPrefix.keySet().stream().filter(c -> c.length() == length).toList();
  }

  /** A uniformly random point inside a random level-3 cell under {@code gridCode}. */
  LonLat pointIn(String gridCode) {
    List<Cell> under = cellsByPrefix.get(gridCode);
    Geometry polygon = under.get(random.nextInt(under.size())).polygon();
    Envelope e = polygon.getEnvelopeInternal();
    for (int attempt = 0; attempt < 1000; attempt++) {
      double lon = e.getMinX() + random.nextDouble() * e.getWidth();
      double lat = e.getMinY() + random.nextDouble() * e.getHeight();
      if (polygon.contains(GEOMETRY.createPoint(new Coordinate(lon, lat)))) {
        return new LonLat(lon, lat);
      }
    }
    Coordinate c = polygon.getInteriorPoint().getCoordinate();
    return new LonLat(c.x, c.y);
  }

  /**
   * The city's 2,000 field staff as grids are staffed (shared/DOMAIN.md): every street's squad has
   * an inspector, every district's brigade {@code brigadeInspectors} inspectors, and the rest are
   * assistants of random communities.
   */
  List<Staff> cityRoster(int size, int brigadeInspectors) {
    List<Staff> staff = new ArrayList<>(size);
    for (String street : codesOfLength(9)) {
      staff.add(person(staff.size() + 1, Role.INSPECTOR, street, street));
    }
    for (String district : codesOfLength(6)) {
      for (int i = 0; i < brigadeInspectors; i++) {
        staff.add(person(staff.size() + 1, Role.INSPECTOR, district, district));
      }
    }
    while (staff.size() < size) {
      String community = cells.get(random.nextInt(cells.size())).code();
      staff.add(person(staff.size() + 1, Role.ASSISTANT, community, community));
    }
    return staff;
  }

  /**
   * The worst case for the ranking: {@code size} inspectors, all in the chain of {@code cellCode}
   * (5 % in the community, 15 % in its street, the rest in its district), so that every one of them
   * is scored.
   */
  List<Staff> oneChainRoster(int size, String cellCode) {
    List<Staff> staff = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      double u = random.nextDouble();
      String grid = u < 0.05 ? cellCode : u < 0.20 ? cellCode.substring(0, 9) : cellCode.substring(0, 6);
      staff.add(person(i + 1, Role.INSPECTOR, grid, grid));
    }
    return staff;
  }

  /**
   * Cases at random points of random communities (of the cell {@code under}, or of the whole city
   * when null), 80 % of them enforcement.
   */
  List<DispatchCase> cases(int count, String under) {
    List<Cell> pool = under == null ? cells : cellsByPrefix.get(under);
    List<DispatchCase> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String code = pool.get(random.nextInt(pool.size())).code();
      cases.add(new DispatchCase(i + 1, code, pointIn(code), random.nextInt(5) != 0));
    }
    return cases;
  }

  private Staff person(long id, Role role, String grid, String whereAbouts) {
    double u = random.nextDouble();
    DutyStatus status = u < 0.30 ? DutyStatus.OFF_DUTY : u < 0.65 ? DutyStatus.AVAILABLE
        : u < 0.75 ? DutyStatus.EN_ROUTE : u < 0.90 ? DutyStatus.ON_SITE : DutyStatus.BUSY;
    Position position = null;
    boolean stale = false;
    double p = random.nextDouble();
    if (p < 0.9) {
      stale = p >= 0.8;
      Duration age = stale ? Duration.ofMinutes(6 + random.nextInt(120))
          : Duration.ofSeconds(random.nextInt(300));
      position = new Position(pointIn(whereAbouts), 5 + random.nextInt(60), NOW.minus(age));
    }
    Instant lastAssigned = random.nextInt(5) == 0 ? null
        : NOW.minus(Duration.ofMinutes(random.nextInt(12 * 60)));
    String prefix = role == Role.INSPECTOR ? "inspector_" : "assistant_";
    return new Staff(id, prefix + grid + "_" + id, "人员" + id, role, grid, status, position, stale,
        random.nextInt(4), lastAssigned);
  }
}
