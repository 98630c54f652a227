package io.gridwatch.geo.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

class GeoPackageGridReaderTest {
  private static final GeometryFactory GF = new GeometryFactory();

  @TempDir Path dir;

  record Row(String code, String name, String parent, Geometry geometry) {}

  /** Writes a GeoPackage with one feature table, using the same library the reader uses. */
  static Path write(Path file, String table, long epsg, String parentColumn, List<Row> rows)
      throws Exception {
    GeoPackageManager.create(file.toFile());
    try (GeoPackage gp = GeoPackageManager.open(file.toFile())) {
      SpatialReferenceSystem srs;
      if (epsg == 4490) {
        // The library has no built-in definition of CGCS2000, so register it by hand.
        srs = new SpatialReferenceSystem();
        srs.setSrsName("China Geodetic Coordinate System 2000");
        srs.setSrsId(4490);
        srs.setOrganization("EPSG");
        srs.setOrganizationCoordsysId(4490);
        srs.setDefinition("GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\","
            + "SPHEROID[\"CGCS2000\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0],"
            + "UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4490\"]]");
        gp.getSpatialReferenceSystemDao().create(srs);
      } else {
        srs = gp.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", epsg);
      }
      GeometryColumns gc = new GeometryColumns();
      gc.setTableName(table);
      gc.setColumnName("geom");
      gc.setGeometryType(GeometryType.MULTIPOLYGON);
      gc.setZ((byte) 0);
      gc.setM((byte) 0);
      gc.setSrs(srs);
      List<FeatureColumn> cols = new ArrayList<>();
      cols.add(FeatureColumn.createColumn("code", GeoPackageDataType.TEXT));
      cols.add(FeatureColumn.createColumn("name", GeoPackageDataType.TEXT));
      if (parentColumn != null) {
        cols.add(FeatureColumn.createColumn(parentColumn, GeoPackageDataType.TEXT));
      }
      gp.createFeatureTable(FeatureTableMetadata.create(gc, cols));
      FeatureDao dao = gp.getFeatureDao(table);
      WKBWriter wkb = new WKBWriter();
      for (Row r : rows) {
        FeatureRow row = dao.newRow();
        row.setValue("code", r.code());
        row.setValue("name", r.name());
        if (parentColumn != null) {
          row.setValue(parentColumn, r.parent());
        }
        row.setGeometry(GeoPackageGeometryData.createFromWkb(srs.getSrsId(), wkb.write(r.geometry())));
        dao.insert(row);
      }
    }
    return file;
  }

  static Geometry box(double x0, double y0, double x1, double y1) {
    return GF.createPolygon(new Coordinate[] {
      new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1),
      new Coordinate(x0, y1), new Coordinate(x0, y0)});
  }

  @Test
  void readsCodesNamesParentsAndGeometriesThatPlanLikeGeoJson() throws Exception {
    Geometry bowtie = GF.createPolygon(new Coordinate[] {
      new Coordinate(104.00, 30.00), new Coordinate(104.01, 30.01), new Coordinate(104.01, 30.00),
      new Coordinate(104.00, 30.01), new Coordinate(104.00, 30.00)});
    Path file = write(dir.resolve("grid.gpkg"), "streets", 4326, "parent_code", List.of(
        new Row("510104001", "春熙路街道", "510104", box(104.00, 30.00, 104.01, 30.01)),
        new Row("510104002", "书院街街道", null, GF.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
          (org.locationtech.jts.geom.Polygon) box(104.01, 30.00, 104.02, 30.01)})),
        new Row("510104003", "东湖街道", "510104", bowtie)));

    List<RawGridFeature> fs = new GeoPackageGridReader().read(file);

    assertThat(fs).extracting(RawGridFeature::code)
        .containsExactly("510104001", "510104002", "510104003");
    assertThat(fs).extracting(RawGridFeature::name).containsExactly("春熙路街道", "书院街街道", "东湖街道");
    assertThat(fs).extracting(RawGridFeature::parentCode).containsOnly("510104");
    assertThat(fs.get(0).geometry().getArea()).isCloseTo(1e-4, org.assertj.core.api.Assertions.within(1e-12));

    var district = new io.gridwatch.geo.model.GridCell("510104", 1, "锦江区", null, box(104.00, 30.00, 104.02, 30.01));
    ImportPlan plan = new GridImportPlanner().plan(2, fs, Map.of("510104", district));
    assertThat(plan.accepted()).hasSize(3);
    assertThat(plan.repaired()).singleElement().satisfies(r -> assertThat(r.problem()).startsWith("Self-intersection"));
  }

  @Test
  void columnNamesAreConfigurable() throws Exception {
    Path file = write(dir.resolve("custom.gpkg"), "cun", 4490, "parentCode", List.of(
        new Row("510104001001", "红星社区", "510104001", box(104.00, 30.00, 104.01, 30.01))));
    assertThat(new GeoPackageGridReader().read(file)).singleElement()
        .extracting(RawGridFeature::parentCode).isEqualTo("510104001");

    var columns = new GeoPackageGridReader.Columns("CUN", "name", "code", List.of());
    assertThatThrownBy(() -> new GeoPackageGridReader(ImportLimits.DEFAULTS, columns).read(file))
        .isInstanceOfSatisfying(GridImportException.class, e -> {
          assertThat(e.problem()).isEqualTo("invalid-code");
          assertThat(e.errors().get(0).field()).isEqualTo("cun[row 0].name");
        });
  }

  @Test
  void aProjectedCoordinateSystemIsRefused() throws Exception {
    Path file = write(dir.resolve("mercator.gpkg"), "districts", 3857, null, List.of(
        new Row("510104", "锦江区", null, box(11584000, 3588000, 11590000, 3594000))));
    assertThatThrownBy(() -> new GeoPackageGridReader().read(file))
        .isInstanceOfSatisfying(GridImportException.class, e -> {
          assertThat(e.problem()).isEqualTo("unsupported-crs");
          assertThat(e.getMessage()).contains("EPSG:3857").contains("ogr2ogr");
        });
  }

  @Test
  void limitsMissingColumnsAndNonGeoPackagesAreRefused() throws Exception {
    Path file = write(dir.resolve("three.gpkg"), "districts", 4326, null, List.of(
        new Row("510104", "锦江区", null, box(104.00, 30.00, 104.01, 30.01)),
        new Row("510105", "青羊区", null, box(104.01, 30.00, 104.02, 30.01)),
        new Row("510106", "金牛区", null, box(104.02, 30.00, 104.03, 30.01))));
    var two = new GeoPackageGridReader(new ImportLimits(2, 100, 1000, 64, 1 << 24),
        GeoPackageGridReader.Columns.DEFAULTS);
    assertThatThrownBy(() -> two.read(file)).isInstanceOfSatisfying(GridImportException.class,
        e -> assertThat(e.problem()).isEqualTo("too-large"));

    var noSuchColumn = new GeoPackageGridReader(ImportLimits.DEFAULTS,
        new GeoPackageGridReader.Columns(null, "adcode", "name", List.of()));
    assertThatThrownBy(() -> noSuchColumn.read(file)).isInstanceOfSatisfying(
        GridImportException.class, e -> {
          assertThat(e.problem()).isEqualTo("invalid-geopackage");
          assertThat(e.errors().get(0).field()).isEqualTo("districts.adcode");
        });

    Path notGpkg = Files.writeString(dir.resolve("fake.gpkg"), "{\"type\":\"FeatureCollection\"}");
    assertThatThrownBy(() -> new GeoPackageGridReader().read(notGpkg)).isInstanceOfSatisfying(
        GridImportException.class, e -> assertThat(e.problem()).isEqualTo("invalid-geopackage"));
  }
}
