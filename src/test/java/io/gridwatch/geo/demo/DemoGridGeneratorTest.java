package io.gridwatch.geo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.GridImportPlanner;
import io.gridwatch.geo.importing.ImportPlan;
import io.gridwatch.geo.importing.RawGridFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

class DemoGridGeneratorTest {
  static final Path SOURCE = Path.of("geodata/sources/chengdu-districts.geojson");
  static final Path COMMITTED = Path.of("geodata/chengdu");
  static final List<String> FILES = List.of("level1.geojson", "level2.geojson", "level3.geojson");

  @TempDir static Path fresh;

  /** The committed grid, read back through the import reader, by level. */
  static List<List<GridCell>> committed = new ArrayList<>();

  @BeforeAll
  static void generateOnceAndReadTheCommittedFiles() throws Exception {
    DemoGridGenerator.generate(SOURCE, fresh, DemoGridGenerator.DEFAULT_SEED);
    GeoJsonGridReader reader = new GeoJsonGridReader();
    for (int level = 1; level <= 3; level++) {
      List<GridCell> cells = new ArrayList<>();
      for (RawGridFeature f : reader.read(Files.readAllBytes(COMMITTED.resolve(FILES.get(level - 1))))) {
        cells.add(new GridCell(f.code(), level, f.name(), f.parentCode(), f.geometry()));
      }
      committed.add(cells);
    }
  }

  static List<GridCell> level(int level) {
    return committed.get(level - 1);
  }

  @Test
  void theCommittedFilesAreExactlyWhatTheGeneratorMakes() throws Exception {
    for (String file : FILES) {
      assertThat(Files.readAllBytes(fresh.resolve(file)))
          .as("%s differs from a fresh generation: regenerate with java -jar target/gridwatch.jar "
              + "generate-demo-grid --source %s --out %s --seed %d", file, SOURCE, COMMITTED,
              DemoGridGenerator.DEFAULT_SEED)
          .isEqualTo(Files.readAllBytes(COMMITTED.resolve(file)));
    }
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedAnotherGrid() {
    DemoGridGenerator.DemoGrid a = DemoGridGenerator.build(SOURCE, 7, "510104"::equals);
    DemoGridGenerator.DemoGrid b = DemoGridGenerator.build(SOURCE, 7, "510104"::equals);
    DemoGridGenerator.DemoGrid c = DemoGridGenerator.build(SOURCE, 8, "510104"::equals);
    assertThat(GridGeoJsonWriter.write(a.level1())).isEqualTo(GridGeoJsonWriter.write(b.level1()));
    assertThat(GridGeoJsonWriter.write(a.level2())).isEqualTo(GridGeoJsonWriter.write(b.level2()));
    assertThat(GridGeoJsonWriter.write(a.level3())).isEqualTo(GridGeoJsonWriter.write(b.level3()));
    assertThat(GridGeoJsonWriter.write(a.level3())).isNotEqualTo(GridGeoJsonWriter.write(c.level3()));
    assertThat(a.level2()).allSatisfy(cell -> assertThat(cell.parentCode()).isEqualTo("510104"));
  }

  @Test
  void levelOneHasTheTwentyDistrictsWithTheirCurrentCodes() {
    Map<String, String> names = new TreeMap<>();
    level(1).forEach(c -> names.put(c.code(), c.name()));
    assertThat(names).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
        Map.entry("510104", "锦江区"), Map.entry("510105", "青羊区"), Map.entry("510106", "金牛区"),
        Map.entry("510107", "武侯区"), Map.entry("510108", "成华区"), Map.entry("510112", "龙泉驿区"),
        Map.entry("510113", "青白江区"), Map.entry("510114", "新都区"), Map.entry("510115", "温江区"),
        Map.entry("510116", "双流区"), Map.entry("510117", "郫都区"), Map.entry("510118", "新津区"),
        Map.entry("510121", "金堂县"), Map.entry("510129", "大邑县"), Map.entry("510131", "蒲江县"),
        Map.entry("510181", "都江堰市"), Map.entry("510182", "彭州市"), Map.entry("510183", "邛崃市"),
        Map.entry("510184", "崇州市"), Map.entry("510185", "简阳市"))));
    assertThat(level(1)).allSatisfy(c -> {
      assertThat(c.parentCode()).isNull();
      assertThat(c.geometry().isValid()).as(c.code()).isTrue();
    });
  }

  @Test
  void everyParentHasTenToFifteenOrSixToTwelveChildren() {
    Map<String, Integer> streets = countByParent(level(2));
    assertThat(streets).hasSize(20);
    assertThat(streets.values()).allSatisfy(n -> assertThat(n).isBetween(10, 15));
    Map<String, Integer> villages = countByParent(level(3));
    assertThat(villages.keySet()).isEqualTo(codes(level(2)));
    assertThat(villages.values()).allSatisfy(n -> assertThat(n).isBetween(6, 12));
  }

  @Test
  void codesExtendTheParentCodeInTheRangeOfTheirKindAndNamesAreUniqueUnderAParent() {
    Set<String> districts = codes(level(1));
    for (GridCell c : level(2)) {
      assertThat(c.code()).matches("\\d{9}").startsWith(c.parentCode());
      assertThat(districts).contains(c.parentCode());
      int n = Integer.parseInt(c.code().substring(6));
      if (c.name().endsWith("街道")) {
        assertThat(n).as(c.code() + c.name()).isBetween(1, 99);
      } else if (c.name().endsWith("镇")) {
        assertThat(n).as(c.code() + c.name()).isBetween(100, 199);
      } else {
        assertThat(c.name()).endsWith("乡");
        assertThat(n).as(c.code() + c.name()).isBetween(200, 399);
      }
    }
    Set<String> streets = codes(level(2));
    for (GridCell c : level(3)) {
      assertThat(c.code()).matches("\\d{12}").startsWith(c.parentCode());
      assertThat(streets).contains(c.parentCode());
      int n = Integer.parseInt(c.code().substring(9));
      if (c.name().endsWith("社区")) {
        assertThat(n).as(c.code() + c.name()).isBetween(1, 199);
      } else if (c.name().endsWith("村")) {
        assertThat(n).as(c.code() + c.name()).isBetween(200, 399);
        assertThat(c.parentCode().substring(6)).as("villages lie in towns and townships")
            .isGreaterThanOrEqualTo("100");
      } else {
        assertThat(c.name()).endsWith("园区");
        assertThat(n).as(c.code() + c.name()).isBetween(400, 499);
      }
    }
    for (List<GridCell> cells : List.of(level(2), level(3))) {
      Set<String> seen = new HashSet<>();
      assertThat(cells).allSatisfy(c -> assertThat(seen.add(c.parentCode() + "/" + c.name()))
          .as("duplicate name " + c.name() + " under " + c.parentCode()).isTrue());
    }
    // Urban districts are mostly streets, counties and county-level cities mostly towns.
    long urbanStreets = level(2).stream()
        .filter(c -> c.parentCode().equals("510104") && c.name().endsWith("街道")).count();
    assertThat(urbanStreets).isEqualTo((long) countByParent(level(2)).get("510104"));
    long countyTowns = level(2).stream().filter(c -> c.parentCode().equals("510121")
        && (c.name().endsWith("镇") || c.name().endsWith("乡"))).count();
    assertThat(countyTowns).isGreaterThan(countByParent(level(2)).get("510121") / 2);
    assertThat(level(3)).anySatisfy(c -> assertThat(c.name()).endsWith("工业园区"));
  }

  @Test
  void childrenTileTheirParentExactly() {
    for (int childLevel = 2; childLevel <= 3; childLevel++) {
      Map<String, GridCell> parents = new HashMap<>();
      level(childLevel - 1).forEach(p -> parents.put(p.code(), p));
      Map<String, List<Geometry>> children = new TreeMap<>();
      for (GridCell c : level(childLevel)) {
        assertThat(c.geometry().isValid()).as(c.code()).isTrue();
        children.computeIfAbsent(c.parentCode(), k -> new ArrayList<>()).add(c.geometry());
      }
      for (Map.Entry<String, List<Geometry>> e : children.entrySet()) {
        Geometry parent = parents.get(e.getKey()).geometry();
        double parentArea = GeoMath.areaSquareMetres(parent);
        double sum = e.getValue().stream().mapToDouble(GeoMath::areaSquareMetres).sum();
        assertThat(Math.abs(sum - parentArea) / parentArea).as(e.getKey()).isLessThan(1e-6);
        Geometry union = OverlayNGRobust.union(e.getValue());
        Geometry diff = OverlayNGRobust.overlay(parent, union, OverlayNG.SYMDIFFERENCE);
        assertThat(diff.getArea() / parent.getArea()).as(e.getKey()).isLessThan(1e-9);
      }
    }
  }

  @Test
  void theCommittedFilesImportWithoutRejectionsOverlapsOrGaps() throws Exception {
    GridImportPlanner planner = new GridImportPlanner();
    GeoJsonGridReader reader = new GeoJsonGridReader();
    Map<String, GridCell> current = new HashMap<>();
    for (int level = 1; level <= 3; level++) {
      List<RawGridFeature> fs =
          reader.read(Files.readAllBytes(COMMITTED.resolve(FILES.get(level - 1))));
      ImportPlan plan = planner.plan(level, fs, current);
      assertThat(plan.rejected()).as("level %d", level).isEmpty();
      assertThat(plan.repaired()).as("level %d", level).isEmpty();
      assertThat(plan.overlaps()).as("level %d", level).isEmpty();
      assertThat(plan.outsideParent()).as("level %d", level).isEmpty();
      if (level == 1) {
        // The two small holes between districts of the source are kept.
        assertThat(plan.gaps()).hasSize(2)
            .allSatisfy(g -> assertThat(g.areaSquareMetres()).isBetween(5_000.0, 30_000.0));
      } else {
        assertThat(plan.gaps()).as("level %d", level).isEmpty();
      }
      plan.accepted().forEach(c -> current.put(c.code(), c));
    }
  }

  @Test
  void theCentreOfJinjiangIsInJinjiangAtEveryLevel() {
    Point p = new GeometryFactory().createPoint(new Coordinate(104.0805, 30.6570));
    List<GridCell> chain = new ArrayList<>();
    for (int level = 1; level <= 3; level++) {
      List<GridCell> hits = level(level).stream().filter(c -> c.geometry().covers(p)).toList();
      assertThat(hits).as("level %d", level).hasSize(1);
      chain.add(hits.get(0));
    }
    assertThat(chain.get(0).code()).isEqualTo("510104");
    assertThat(chain.get(1).parentCode()).isEqualTo("510104");
    assertThat(chain.get(2).parentCode()).isEqualTo(chain.get(1).code());
  }

  @Test
  void coordinatesHaveAtMostSevenDecimalsAndTheFilesStaySmall() throws Exception {
    long total = 0;
    Pattern tooLong = Pattern.compile("\\d\\.\\d{8,}");
    for (String file : FILES) {
      byte[] bytes = Files.readAllBytes(COMMITTED.resolve(file));
      total += bytes.length;
      Matcher m = tooLong.matcher(new String(bytes, StandardCharsets.UTF_8));
      assertThat(m.find()).as(file).isFalse();
    }
    assertThat(total).isLessThan(5L * 1024 * 1024);
  }

  private static Map<String, Integer> countByParent(List<GridCell> cells) {
    Map<String, Integer> m = new TreeMap<>();
    cells.forEach(c -> m.merge(c.parentCode(), 1, Integer::sum));
    return m;
  }

  private static Set<String> codes(List<GridCell> cells) {
    Set<String> s = new HashSet<>();
    cells.forEach(c -> s.add(c.code()));
    return s;
  }
}
