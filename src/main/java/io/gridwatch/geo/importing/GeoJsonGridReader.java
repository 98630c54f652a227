package io.gridwatch.geo.importing;

import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_CODE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_COORDINATE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_GEOJSON;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_JSON;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_INVALID_NAME;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_TOO_DEEP;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_TOO_LARGE;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_UNSUPPORTED_CRS;
import static io.gridwatch.geo.importing.GridImportException.PROBLEM_UNSUPPORTED_GEOMETRY;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;

/**
 * Reads a GeoJSON FeatureCollection (RFC 7946) of grid cells from untrusted bytes.
 *
 * <p>Each feature needs a {@code Polygon} or {@code MultiPolygon} geometry in WGS84
 * longitude/latitude; its code is {@code properties.code}, else the feature {@code id} (string
 * or integer); its name {@code properties.name}; its parent {@code properties.parentCode} (or
 * {@code parent_code}), else derived from the code ({@link RawGridFeature#derivedParentCode}). A
 * top-level {@code crs} member is accepted only if it names CRS84, EPSG:4326 or EPSG:4490
 * (CGCS2000, equal to WGS84 within centimetres).
 *
 * <p>The input is read with Jackson's streaming parser under {@link StreamReadConstraints}
 * (nesting depth, number, string and name lengths) and the {@link ImportLimits}; geometries are
 * built directly from the coordinate arrays, never through a general-purpose GeoJSON library.
 * Every refusal is a {@link GridImportException} naming the feature and field. The reader checks
 * the form of the file only; checks against the grid and geometry repair belong to {@link
 * GridImportPlanner}.
 *
 * <p>Instances are immutable and thread-safe; reading is blocking and CPU-bound, so callers on an
 * event loop run it on a worker thread.
 */
public final class GeoJsonGridReader {
  private static final int MAX_NUMBER_LENGTH = 100;
  private static final int MAX_STRING_LENGTH = 1_000_000;
  private static final int MAX_NAME_LENGTH = 1_000;
  /** Longest cell name accepted, in characters. */
  public static final int MAX_CELL_NAME_LENGTH = 200;
  /** Longest code accepted by the reader (the planner then checks the level's exact length). */
  public static final int MAX_CODE_LENGTH = 20;

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern ACCEPTED_CRS =
      Pattern.compile(".*(CRS84|EPSG:(?:[0-9.]*:)?(?:4326|4490))");

  private final ImportLimits limits;
  private final JsonFactory jsonFactory;
  private final GeometryFactory geometryFactory = new GeometryFactory(new PrecisionModel(), 4326);

  /** A reader with {@link ImportLimits#DEFAULTS}. */
  public GeoJsonGridReader() {
    this(ImportLimits.DEFAULTS);
  }

  public GeoJsonGridReader(ImportLimits limits) {
    this.limits = limits;
    this.jsonFactory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            // NaN and Infinity literals are parsed so that they can be refused with a clear
            // message and field instead of a bare syntax error.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
  }

  public ImportLimits limits() {
    return limits;
  }

  /** Reads a whole document held in memory. */
  public List<RawGridFeature> read(byte[] json) {
    if (json.length > limits.maxBytes()) {
      throw tooLargeBytes();
    }
    return read(new ByteArrayInputStream(json));
  }

  /**
   * Reads a document from a stream, refusing it as soon as it passes {@link
   * ImportLimits#maxBytes()}. The stream is not closed.
   *
   * @throws GridImportException when the document is refused
   * @throws UncheckedIOException when the stream itself fails
   */
  public List<RawGridFeature> read(InputStream in) {
    JsonParser p;
    try {
      p = jsonFactory.createParser(new LimitedInputStream(in, limits.maxBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (p) {
      return new Session(p).document();
    } catch (StreamConstraintsException e) {
      String msg = e.getOriginalMessage();
      boolean depth = msg != null && msg.contains("nesting depth");
      return throwAt(
          depth ? PROBLEM_TOO_DEEP : PROBLEM_TOO_LARGE,
          pointerToField(p),
          depth
              ? "JSON nested deeper than " + limits.maxNestingDepth() + " levels"
              : "value too long: " + msg);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line " + e.getLocation().getLineNr() + ", column "
                  + e.getLocation().getColumnNr();
      return throwAt(
          PROBLEM_INVALID_JSON,
          pointerToField(p),
          "not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (CharConversionException e) {
      return throwAt(PROBLEM_INVALID_JSON, pointerToField(p), "not valid UTF-8 JSON: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T throwAt(String problem, String field, String message) {
    throw GridImportException.at(problem, field, message);
  }

  private GridImportException tooLargeBytes() {
    return GridImportException.at(
        PROBLEM_TOO_LARGE, "$", "file larger than " + limits.maxBytes() + " bytes");
  }

  private static String pointerToField(JsonParser p) {
    if (p.getParsingContext() == null) {
      return "$";
    }
    JsonPointer ptr = p.getParsingContext().pathAsPointer();
    StringBuilder sb = new StringBuilder();
    for (JsonPointer t = ptr; t != null && !t.matches(); t = t.tail()) {
      if (t.getMatchingIndex() >= 0) {
        sb.append('[').append(t.getMatchingIndex()).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(t.getMatchingProperty());
      }
    }
    return sb.length() == 0 ? "$" : sb.toString();
  }

  /** One pass over one document. */
  private final class Session {
    private final JsonParser p;
    private final List<RawGridFeature> out = new ArrayList<>();
    private long totalVertices;
    private String crsProblem;

    Session(JsonParser p) {
      this.p = p;
    }

    List<RawGridFeature> document() throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        return throwAt(PROBLEM_INVALID_JSON, "$", "empty document");
      }
      if (t != JsonToken.START_OBJECT) {
        return throwAt(PROBLEM_INVALID_GEOJSON, "$", "expected a GeoJSON FeatureCollection object");
      }
      String type = null;
      boolean sawFeatures = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken v = p.nextToken();
        switch (member) {
          case "type" -> type = stringOrNull(v);
          case "crs" -> {
            crsProblem = crs(v);
            if (crsProblem != null) {
              throw unsupportedCrs();
            }
          }
          case "features" -> {
            if (v != JsonToken.START_ARRAY) {
              return throwAt(PROBLEM_INVALID_GEOJSON, "features", "features must be an array");
            }
            sawFeatures = true;
            features();
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return throwAt(PROBLEM_INVALID_JSON, "$", "content after the end of the JSON document");
      }
      if (!"FeatureCollection".equals(type)) {
        return throwAt(
            PROBLEM_INVALID_GEOJSON,
            "type",
            "expected \"type\": \"FeatureCollection\", found "
                + (type == null ? "none" : '"' + type + '"'));
      }
      if (!sawFeatures) {
        return throwAt(PROBLEM_INVALID_GEOJSON, "features", "a FeatureCollection needs features");
      }
      return out;
    }

    private GridImportException unsupportedCrs() {
      return GridImportException.at(
          PROBLEM_UNSUPPORTED_CRS,
          "crs",
          "coordinate system " + crsProblem + " is not supported; GridWatch reads WGS84 "
              + "longitude/latitude (CRS84, EPSG:4326) or CGCS2000 (EPSG:4490). Convert the file "
              + "first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson in.geojson");
    }

    /** Returns null if the crs member is acceptable, else a description of it. */
    private String crs(JsonToken t) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return "(a crs member that is not an object)";
      }
      String name = null;
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken v = p.nextToken();
        if (member.equals("type")) {
          type = stringOrNull(v);
        } else if (member.equals("properties") && v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String prop = p.currentName();
            JsonToken pv = p.nextToken();
            if (prop.equals("name") && pv == JsonToken.VALUE_STRING) {
              name = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (name != null
          && (type == null || type.equals("name"))
          && ACCEPTED_CRS.matcher(name.trim().toUpperCase(Locale.ROOT)).matches()) {
        return null;
      }
      return name != null ? '"' + name + '"' : "of type " + (type == null ? "(none)" : type);
    }

    private void features() throws IOException {
      int index = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (index >= limits.maxFeatures()) {
          throwAt(
              PROBLEM_TOO_LARGE,
              "features[" + index + "]",
              "more than " + limits.maxFeatures() + " features");
        }
        feature(index, t);
        index++;
      }
    }

    private void feature(int index, JsonToken t) throws IOException {
      String at = "features[" + index + "]";
      if (t != JsonToken.START_OBJECT) {
        throwAt(PROBLEM_INVALID_GEOJSON, at, "expected a Feature object");
      }
      String type = null;
      Value id = null;
      Props props = new Props();
      Geometry geometry = null;
      boolean geometrySeen = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken v = p.nextToken();
        switch (member) {
          case "type" -> type = stringOrNull(v);
          case "id" -> id = scalar(v);
          case "properties" -> {
            if (v == JsonToken.START_OBJECT) {
              props = properties();
            } else if (v != JsonToken.VALUE_NULL) {
              throwAt(PROBLEM_INVALID_GEOJSON, at + ".properties", "properties must be an object");
            }
          }
          case "geometry" -> {
            geometrySeen = true;
            if (v == JsonToken.START_OBJECT) {
              geometry = geometry(index, at + ".geometry");
            } else if (v != JsonToken.VALUE_NULL) {
              throwAt(PROBLEM_INVALID_GEOJSON, at + ".geometry", "geometry must be an object");
            }
          }
          default -> p.skipChildren();
        }
      }
      if (!"Feature".equals(type)) {
        throwAt(
            PROBLEM_INVALID_GEOJSON,
            at + ".type",
            "expected \"type\": \"Feature\", found " + (type == null ? "none" : '"' + type + '"'));
      }
      String code = code(at, props.code, id);
      String name = props.name;
      if (name == null) {
        throwAt(
            PROBLEM_INVALID_NAME,
            at + ".properties.name",
            props.nameKind == null
                ? "feature " + code + " has no properties.name"
                : "properties.name of " + code + " must be a string, found " + props.nameKind);
      }
      name = name.strip();
      if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_CELL_NAME_LENGTH
          || name.chars().anyMatch(Character::isISOControl)) {
        throwAt(
            PROBLEM_INVALID_NAME,
            at + ".properties.name",
            "properties.name of " + code + " must be 1 to " + MAX_CELL_NAME_LENGTH
                + " printable characters");
      }
      String parentCode;
      if (props.parentCode != null && props.parentCode.kind != null) {
        parentCode = digits(props.parentCode, at + ".properties." + props.parentCodeKey, "parent code");
      } else {
        parentCode = RawGridFeature.derivedParentCode(code);
      }
      if (geometry == null) {
        throwAt(
            PROBLEM_UNSUPPORTED_GEOMETRY,
            at + ".geometry",
            "feature " + code + (geometrySeen ? " has a null geometry" : " has no geometry")
                + "; a grid cell needs a Polygon or MultiPolygon");
      }
      out.add(new RawGridFeature(index, code, name, parentCode, geometry));
    }

    private String code(String at, Value fromProps, Value fromId) {
      if (fromProps != null && fromProps.kind != null) {
        return digits(fromProps, at + ".properties.code", "code");
      }
      if (fromId != null && fromId.kind != null) {
        return digits(fromId, at + ".id", "code");
      }
      return throwAt(
          PROBLEM_INVALID_CODE,
          at + ".properties.code",
          "feature has no code: set properties.code (or the feature id) to the division code");
    }

    private String digits(Value v, String field, String what) {
      if (v.text == null || !DIGITS.matcher(v.text).matches()
          || v.text.length() > MAX_CODE_LENGTH) {
        String found = v.text == null ? v.kind : '"' + abbreviate(v.text) + '"';
        throwAt(
            PROBLEM_INVALID_CODE,
            field,
            what + " must be a string of 1 to " + MAX_CODE_LENGTH + " digits, found " + found);
      }
      return v.text;
    }

    private Props properties() throws IOException {
      Props props = new Props();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case "code" -> props.code = scalar(v);
          case "name" -> {
            if (v == JsonToken.VALUE_STRING) {
              props.name = p.getText();
            } else {
              props.name = null;
              props.nameKind = v == JsonToken.VALUE_NULL ? "null" : kind(v);
              p.skipChildren();
            }
          }
          case "parentCode", "parent_code" -> {
            props.parentCode = scalar(v);
            props.parentCodeKey = key;
          }
          default -> p.skipChildren();
        }
      }
      return props;
    }

    /** A string or integer value as text; kind null for JSON null; other kinds carry no text. */
    private Value scalar(JsonToken v) throws IOException {
      return switch (v) {
        case VALUE_STRING -> new Value("string", p.getText());
        case VALUE_NUMBER_INT -> new Value("number", p.getText());
        case VALUE_NULL -> new Value(null, null);
        default -> {
          String k = kind(v);
          p.skipChildren();
          yield new Value(k, null);
        }
      };
    }

    private String stringOrNull(JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      p.skipChildren();
      return null;
    }

    private Geometry geometry(int featureIndex, String at) throws IOException {
      String type = null;
      Coords coords = null;
      boolean collection = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String member = p.currentName();
        JsonToken v = p.nextToken();
        switch (member) {
          case "type" -> type = stringOrNull(v);
          case "coordinates" -> {
            if (v != JsonToken.START_ARRAY) {
              throwAt(PROBLEM_INVALID_COORDINATE, at + ".coordinates", "coordinates must be an array");
            }
            coords = new CoordinateParser(featureIndex, at + ".coordinates").root();
          }
          case "geometries" -> {
            collection = true;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
      }
      if (type == null) {
        return throwAt(PROBLEM_INVALID_GEOJSON, at + ".type", "geometry has no type");
      }
      if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
        return throwAt(
            PROBLEM_UNSUPPORTED_GEOMETRY,
            at + ".type",
            "geometry type " + abbreviate(type)
                + " is not supported; a grid cell needs a Polygon or MultiPolygon");
      }
      if (coords == null || collection) {
        return throwAt(PROBLEM_INVALID_GEOJSON, at + ".coordinates", type + " has no coordinates");
      }
      String cat = at + ".coordinates";
      if (type.equals("Polygon")) {
        return polygon(coords, cat);
      }
      if (!(coords instanceof Nested multi)) {
        return throwAt(PROBLEM_INVALID_COORDINATE, cat, "MultiPolygon coordinates must be an array of polygons");
      }
      if (multi.children.isEmpty()) {
        return throwAt(PROBLEM_INVALID_GEOJSON, cat, "MultiPolygon has no polygons");
      }
      Polygon[] polys = new Polygon[multi.children.size()];
      for (int i = 0; i < polys.length; i++) {
        polys[i] = polygon(multi.children.get(i), cat + "[" + i + "]");
      }
      return geometryFactory.createMultiPolygon(polys);
    }

    private Polygon polygon(Coords coords, String at) {
      if (!(coords instanceof Nested rings)) {
        return throwAt(PROBLEM_INVALID_COORDINATE, at, "a polygon must be an array of linear rings");
      }
      if (rings.children.isEmpty()) {
        return throwAt(PROBLEM_INVALID_GEOJSON, at, "polygon has no rings");
      }
      LinearRing[] built = new LinearRing[rings.children.size()];
      for (int i = 0; i < built.length; i++) {
        built[i] = ring(rings.children.get(i), at + "[" + i + "]");
      }
      return geometryFactory.createPolygon(built[0], Arrays.copyOfRange(built, 1, built.length));
    }

    private LinearRing ring(Coords coords, String at) {
      Ring ring;
      if (coords instanceof Ring r) {
        ring = r;
      } else if (coords instanceof Nested n && n.children.isEmpty()) {
        ring = new Ring(new double[0], 0);
      } else {
        return throwAt(PROBLEM_INVALID_COORDINATE, at, "a linear ring must be an array of positions");
      }
      int n = ring.count;
      if (n < 4) {
        throwAt(
            GridImportException.PROBLEM_INVALID_RING,
            at,
            "a linear ring needs at least 4 positions, found " + n);
      }
      double[] xy = ring.xy;
      if (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1]) {
        throwAt(
            GridImportException.PROBLEM_UNCLOSED_RING,
            at,
            "linear ring not closed: the first position (" + xy[0] + ", " + xy[1]
                + ") differs from the last (" + xy[2 * n - 2] + ", " + xy[2 * n - 1] + ")");
      }
      return geometryFactory.createLinearRing(
          new PackedCoordinateSequence.Double(Arrays.copyOf(xy, 2 * n), 2, 0));
    }

    /** Parses one coordinates array, counting vertices and checking each position. */
    private final class CoordinateParser {
      /** Polygon needs depth 3 (rings, positions, numbers), MultiPolygon 4. */
      private static final int MAX_DEPTH = 4;

      private final String at;
      private final int[] path = new int[MAX_DEPTH + 1];
      private int featureVertices;

      CoordinateParser(int featureIndex, String at) {
        this.at = at;
      }

      Coords root() throws IOException {
        return array(0);
      }

      private String field(int depth) {
        StringBuilder sb = new StringBuilder(at);
        for (int i = 0; i < depth; i++) {
          sb.append('[').append(path[i]).append(']');
        }
        return sb.toString();
      }

      /** Called with START_ARRAY current; consumes through its END_ARRAY. */
      private Coords array(int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
          throwAt(
              PROBLEM_INVALID_COORDINATE,
              field(depth),
              "coordinates nested too deeply for a Polygon or MultiPolygon");
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          return position(depth, t);
        }
        List<Coords> nested = null;
        Ring ring = null;
        int i = 0;
        for (; t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
          path[depth] = i;
          if (t != JsonToken.START_ARRAY) {
            throwAt(
                PROBLEM_INVALID_COORDINATE,
                field(depth + 1),
                "expected a position or an array of positions, found " + kind(t));
          }
          Coords child = array(depth + 1);
          if (child instanceof Position pos) {
            if (nested != null) {
              throwAt(PROBLEM_INVALID_COORDINATE, field(depth + 1), "mixes positions and arrays");
            }
            if (ring == null) {
              ring = new Ring(new double[16], 0);
            }
            ring.add(pos.x, pos.y);
          } else {
            if (ring != null) {
              throwAt(PROBLEM_INVALID_COORDINATE, field(depth + 1), "mixes positions and arrays");
            }
            if (nested == null) {
              nested = new ArrayList<>();
            }
            nested.add(child);
          }
        }
        if (ring != null) {
          return ring;
        }
        return new Nested(nested == null ? List.of() : nested);
      }

      /** The first number is current; consumes through the position's END_ARRAY. */
      private Position position(int depth, JsonToken first) throws IOException {
        double[] v = new double[2];
        int n = 0;
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken(), n++) {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            path[depth] = n;
            throwAt(
                PROBLEM_INVALID_COORDINATE,
                field(depth + 1),
                "a position holds numbers only, found " + kind(t));
          }
          if (n >= 4) {
            throwAt(
                PROBLEM_INVALID_COORDINATE,
                field(depth),
                "a position has 2 or 3 numbers (longitude, latitude, elevation)");
          }
          double d = p.getDoubleValue();
          if (!Double.isFinite(d)) {
            path[depth] = n;
            throwAt(
                PROBLEM_INVALID_COORDINATE,
                field(depth + 1),
                (n == 0 ? "longitude" : n == 1 ? "latitude" : "elevation")
                    + " is not a finite number: " + abbreviate(p.getText()));
          }
          if (n < 2) {
            v[n] = d;
          }
        }
        if (n < 2) {
          throwAt(
              PROBLEM_INVALID_COORDINATE,
              field(depth),
              "a position needs a longitude and a latitude");
        }
        if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90) {
          throwAt(
              PROBLEM_INVALID_COORDINATE,
              field(depth),
              "position (" + v[0] + ", " + v[1] + ") is not a WGS84 longitude in [-180, 180] and "
                  + "latitude in [-90, 90]; projected data must be converted first, e.g. "
                  + "ogr2ogr -t_srs EPSG:4326");
        }
        if (++featureVertices > limits.maxVerticesPerFeature()) {
          throwAt(
              PROBLEM_TOO_LARGE,
              at,
              "more than " + limits.maxVerticesPerFeature() + " vertices in one feature");
        }
        if (++totalVertices > limits.maxTotalVertices()) {
          throwAt(
              PROBLEM_TOO_LARGE,
              at,
              "more than " + limits.maxTotalVertices() + " vertices in the file");
        }
        return new Position(v[0], v[1]);
      }
    }
  }

  private static String kind(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static final class Props {
    Value code;
    String name;
    String nameKind;
    Value parentCode;
    String parentCodeKey = "parentCode";
  }

  /** A scalar property: its JSON kind ("string", "number", ...; null for JSON null) and text. */
  private record Value(String kind, String text) {}

  private sealed interface Coords permits Nested, Ring, Position {}

  private record Nested(List<Coords> children) implements Coords {}

  private record Position(double x, double y) implements Coords {}

  /** An array of positions, packed as x0, y0, x1, y1, ... */
  private static final class Ring implements Coords {
    double[] xy;
    int count;

    Ring(double[] xy, int count) {
      this.xy = xy;
      this.count = count;
    }

    void add(double x, double y) {
      if (2 * count + 2 > xy.length) {
        xy = Arrays.copyOf(xy, xy.length * 2);
      }
      xy[2 * count] = x;
      xy[2 * count + 1] = y;
      count++;
    }
  }

  /** Counts bytes and refuses the document past the limit, before it is all buffered. */
  private final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    LimitedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) {
      count += n;
      if (count > max) {
        throw tooLargeBytes();
      }
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
