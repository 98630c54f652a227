package io.gridwatch.geo.importing;

import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_CODE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_COORDINATE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_GEOPACKAGE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_NAME;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_TOO_LARGE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_UNSUPPORTED_CRS;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_UNSUPPORTED_GEOMETRY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageException;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Reads grid cells from one feature table of a GeoPackage (OGC 12-128r18) file.
 *
 * <p>Columns: the code (default {@code code}), the name (default {@code name}) and optionally the
 * parent code (first present of {@code parent_code}, {@code parentCode}); names are matched
 * without regard to case. Geometries must be Polygon or MultiPolygon in EPSG:4326 (WGS84) or
 * EPSG:4490 (CGCS2000); anything else is refused with {@code unsupported-crs}, to be converted
 * with {@code ogr2ogr -t_srs EPSG:4326}. The same limits and coordinate checks as for GeoJSON apply.
 * Geometry blobs are decoded here (GeoPackage header, then JTS {@link WKBReader}, which bounds
 * element counts by the blob's size); note that JTS closes unclosed WKB rings while reading.
 *
 * <p>This is blocking file and database I/O (SQLite over JDBC): callers on a Vert.x event loop
 * must run it with {@code executeBlocking} or on a worker. Instances are immutable and
 * thread-safe; each call opens and closes the file.
 */
public final class GeoPackageGridReader {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final int MAX_WKB_BYTES_PER_VERTEX = 32;

  /**
   * Where to find the cells in the file.
   *
   * @param table the feature table, or {@code null} for the only feature table of the file
   * @param code column holding the code
   * @param name column holding the name
   * @param parentCode candidate columns for the parent code, first present wins; may be empty
   */
  public record Columns(String table, String code, String name, List<String> parentCode) {
    /** The only feature table, columns {@code code}, {@code name}, {@code parent_code}/{@code parentCode}. */
    public static final Columns DEFAULTS =
        new Columns(null, "code", "name", List.of("parent_code", "parentCode"));

    public Columns {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      parentCode = List.copyOf(parentCode);
    }
  }

  private final ImportLimits limits;
  private final Columns columns;
  private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 4326);

  /** Default limits and columns. */
  public GeoPackageGridReader() {
    this(ImportLimits.DEFAULTS, Columns.DEFAULTS);
  }

  public GeoPackageGridReader(ImportLimits limits, Columns columns) {
    this.limits = limits;
    this.columns = columns;
  }

  /**
   * Reads all rows of the feature table, in primary-key order.
   *
   * @throws GridImportException when the file is refused
   * @throws UncheckedIOException when the file cannot be read at all
   */
  public List<RawGridFeature> read(Path file) {
    try {
      if (Files.size(file) > limits.maxBytes()) {
        throw GridImportException.at(
            PROBLEM_TOO_LARGE, "$", "file larger than " + limits.maxBytes() + " bytes");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GeoPackage gp;
    try {
      gp = GeoPackageManager.open(false, file.toFile(), true);
    } catch (GeoPackageException e) {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, "$", "not a readable GeoPackage: " + e.getMessage());
    }
    try (gp) {
      return read(gp);
    } catch (SQLException | RuntimeException e) {
      if (e instanceof GridImportException gie) {
        throw gie;
      }
      throw new GridImportException(
          PROBLEM_INVALID_GEOPACKAGE,
          "cannot read the GeoPackage: " + e.getMessage(),
          List.of(new FieldError("$", String.valueOf(e.getMessage()))),
          e);
    }
  }

  private List<RawGridFeature> read(GeoPackage gp) throws SQLException {
    List<String> tables = gp.getFeatureTables();
    String table = chooseTable(tables);
    FeatureDao dao = gp.getFeatureDao(table);
    checkSrs(table, dao.getSrs());
    List<String> present = Arrays.asList(dao.getTable().getColumnNames());
    String codeCol = column(table, present, columns.code());
    String nameCol = column(table, present, columns.name());
    String parentCol = null;
    for (String candidate : columns.parentCode()) {
      parentCol = find(present, candidate);
      if (parentCol != null) {
        break;
      }
    }
    String geomCol = dao.getGeometryColumnName();
    String pk = dao.getTable().getPkColumnName();
    long rows = dao.count();
    if (rows > limits.maxFeatures()) {
      throw GridImportException.at(
          PROBLEM_TOO_LARGE, table, "more than " + limits.maxFeatures() + " rows");
    }
    String sql = "SELECT " + quote(codeCol) + ", " + quote(nameCol) + ", "
        + (parentCol == null ? "NULL" : quote(parentCol)) + ", " + quote(geomCol)
        + " FROM " + quote(table) + (pk == null ? "" : " ORDER BY " + quote(pk));
    Connection conn = gp.getConnection().getConnection();
    List<RawGridFeature> out = new ArrayList<>();
    long totalVertices = 0;
    WKBReader wkbReader = new WKBReader(factory);
    try (PreparedStatement st = conn.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
      int index = 0;
      while (rs.next()) {
        String at = table + "[row " + index + "]";
        if (index >= limits.maxFeatures()) {
          throw GridImportException.at(
              PROBLEM_TOO_LARGE, at, "more than " + limits.maxFeatures() + " rows");
        }
        String code = digits(rs.getString(1), at + "." + codeCol, "code");
        String name = rs.getString(2);
        if (name == null || name.isBlank()
            || name.strip().codePointCount(0, name.strip().length())
                > GeoJsonGridReader.MAX_CELL_NAME_LENGTH) {
          throw GridImportException.at(
              PROBLEM_INVALID_NAME, at + "." + nameCol,
              "the name of " + code + " must be 1 to " + GeoJsonGridReader.MAX_CELL_NAME_LENGTH
                  + " characters");
        }
        String parentRaw = rs.getString(3);
        String parent = parentRaw == null || parentRaw.isBlank()
            ? RawGridFeature.derivedParentCode(code)
            : digits(parentRaw, at + "." + parentCol, "parent code");
        Geometry g = geometry(wkbReader, rs.getBytes(4), at + "." + geomCol, code);
        int vertices = g.getNumPoints();
        totalVertices += vertices;
        if (totalVertices > limits.maxTotalVertices()) {
          throw GridImportException.at(
              PROBLEM_TOO_LARGE, at, "more than " + limits.maxTotalVertices() + " vertices in the file");
        }
        out.add(new RawGridFeature(index, code, name.strip(), parent, g));
        index++;
      }
    }
    return out;
  }

  private String chooseTable(List<String> tables) {
    if (columns.table() != null) {
      for (String t : tables) {
        if (t.equalsIgnoreCase(columns.table())) {
          return t;
        }
      }
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, columns.table(),
          "no feature table " + columns.table() + "; the file has " + tables);
    }
    if (tables.size() != 1) {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, "$",
          tables.isEmpty()
              ? "the GeoPackage has no feature table"
              : "the GeoPackage has several feature tables " + tables + "; name the one to import");
    }
    return tables.get(0);
  }

  private static void checkSrs(String table, SpatialReferenceSystem srs) {
    String org = srs == null ? null : srs.getOrganization();
    long id = srs == null ? -1 : srs.getOrganizationCoordsysId();
    boolean ok = org != null && org.equalsIgnoreCase("EPSG") && (id == 4326 || id == 4490);
    if (!ok) {
      String what = srs == null ? "an unknown coordinate system" : org + ":" + id
          + (srs.getSrsName() == null ? "" : " (" + srs.getSrsName() + ")");
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_CRS, table,
          "table " + table + " uses " + what + "; GridWatch reads EPSG:4326 (WGS84) or "
              + "EPSG:4490 (CGCS2000). Convert it first, e.g. ogr2ogr -f GPKG -t_srs EPSG:4326 "
              + "out.gpkg in.gpkg");
    }
  }

  private static String column(String table, List<String> present, String wanted) {
    String c = find(present, wanted);
    if (c == null) {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, table + "." + wanted,
          "table " + table + " has no column " + wanted + "; its columns are " + present);
    }
    return c;
  }

  private static String find(List<String> present, String wanted) {
    for (String p : present) {
      if (p.equalsIgnoreCase(wanted)) {
        return p;
      }
    }
    return null;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String digits(String v, String field, String what) {
    String s = v == null ? null : v.strip();
    if (s == null || !DIGITS.matcher(s).matches() || s.length() > GeoJsonGridReader.MAX_CODE_LENGTH) {
      throw GridImportException.at(
          PROBLEM_INVALID_CODE, field,
          what + " must be 1 to " + GeoJsonGridReader.MAX_CODE_LENGTH + " digits, found "
              + (s == null ? "none" : '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"'));
    }
    return s;
  }

  /** Decodes a GeoPackage geometry blob: "GP" header, optional envelope, then WKB. */
  private Geometry geometry(WKBReader wkbReader, byte[] blob, String at, String code) {
    if (blob == null) {
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_GEOMETRY, at, "cell " + code + " has no geometry");
    }
    long maxWkb = (long) limits.maxVerticesPerFeature() * MAX_WKB_BYTES_PER_VERTEX + 1_048_576;
    if (blob.length > maxWkb) {
      throw GridImportException.at(
          PROBLEM_TOO_LARGE, at,
          "geometry of " + code + " has more than " + limits.maxVerticesPerFeature() + " vertices");
    }
    if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, at, "geometry of " + code + " is not a GeoPackage blob");
    }
    int flags = blob[3];
    if ((flags & 0x20) != 0) {
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_GEOMETRY, at, "geometry of " + code + " uses an extended type");
    }
    if ((flags & 0x10) != 0) {
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_GEOMETRY, at, "geometry of " + code + " is empty");
    }
    int envelope = (flags >> 1) & 0x07;
    int envelopeBytes = switch (envelope) {
      case 0 -> 0;
      case 1 -> 32;
      case 2, 3 -> 48;
      case 4 -> 64;
      default -> throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, at, "geometry of " + code + " has a bad envelope flag");
    };
    int start = 8 + envelopeBytes;
    if (blob.length <= start) {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, at, "geometry of " + code + " is truncated");
    }
    Geometry g;
    try {
      g = wkbReader.read(Arrays.copyOfRange(blob, start, blob.length));
    } catch (ParseException | RuntimeException e) {
      throw GridImportException.at(
          PROBLEM_INVALID_GEOPACKAGE, at, "geometry of " + code + " is not valid WKB: " + e.getMessage());
    }
    if (!(g instanceof Polygon) && !(g instanceof MultiPolygon)) {
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_GEOMETRY, at,
          "geometry type " + g.getGeometryType() + " of " + code
              + " is not supported; a grid cell needs a Polygon or MultiPolygon");
    }
    if (g.isEmpty()) {
      throw GridImportException.at(
          PROBLEM_UNSUPPORTED_GEOMETRY, at, "geometry of " + code + " is empty");
    }
    if (g.getNumPoints() > limits.maxVerticesPerFeature()) {
      throw GridImportException.at(
          PROBLEM_TOO_LARGE, at,
          "geometry of " + code + " has more than " + limits.maxVerticesPerFeature() + " vertices");
    }
    for (Coordinate c : g.getCoordinates()) {
      if (!Double.isFinite(c.x) || !Double.isFinite(c.y)
          || c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
        throw GridImportException.at(
            PROBLEM_INVALID_COORDINATE, at,
            String.format(Locale.ROOT,
                "geometry of %s has position (%s, %s), not a WGS84 longitude/latitude",
                code, c.x, c.y));
      }
    }
    return g;
  }
}
