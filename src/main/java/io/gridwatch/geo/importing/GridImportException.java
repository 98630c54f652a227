package io.gridwatch.geo.importing;

import java.util.List;
import java.util.Objects;

/**
 * An import file GridWatch refuses as a whole: unparseable, too large, structurally wrong or in an
 * unsupported coordinate system. Problems of single cells that can be set aside (a missing parent,
 * a duplicate code) are not thrown but listed as rejections in the {@link ImportPlan}.
 *
 * <p>{@link #problem()} is a stable, machine-readable slug (one of the {@code PROBLEM_*} constants)
 * that the HTTP layer appends to its problem-type URI; {@link #status()} is the HTTP status it
 * should answer with; {@link #errors()} point into the input. Immutable (so are subclasses).
 */
public class GridImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not JSON at all, or JSON the parser refuses (truncated, duplicate keys, bad tokens): 400. */
  public static final String PROBLEM_INVALID_JSON = "invalid-json";
  /** Nested deeper than {@link ImportLimits#maxNestingDepth()}: 400. */
  public static final String PROBLEM_TOO_DEEP = "too-deep";
  /** Over a size limit: bytes, features, vertices of one feature or of the whole file: 413. */
  public static final String PROBLEM_TOO_LARGE = "too-large";
  /** Valid JSON but not a GeoJSON FeatureCollection of the expected shape: 422. */
  public static final String PROBLEM_INVALID_GEOJSON = "invalid-geojson";
  /** A geometry other than Polygon or MultiPolygon, or none: 422. */
  public static final String PROBLEM_UNSUPPORTED_GEOMETRY = "unsupported-geometry";
  /** A linear ring whose first and last positions differ (RFC 7946, 3.1.6): 422. */
  public static final String PROBLEM_UNCLOSED_RING = "unclosed-ring";
  /** A linear ring with fewer than 4 positions: 422. */
  public static final String PROBLEM_INVALID_RING = "invalid-ring";
  /** A position that is not 2 or 3 finite numbers within longitude/latitude range: 422. */
  public static final String PROBLEM_INVALID_COORDINATE = "invalid-coordinate";
  /** Missing or malformed cell code: 422. */
  public static final String PROBLEM_INVALID_CODE = "invalid-code";
  /** Missing or malformed cell name: 422. */
  public static final String PROBLEM_INVALID_NAME = "invalid-name";
  /** Coordinates not in WGS84 / CGCS2000 longitude-latitude: 422. */
  public static final String PROBLEM_UNSUPPORTED_CRS = "unsupported-crs";
  /** A GeoPackage that cannot be read (not a GeoPackage, missing table or column): 422. */
  public static final String PROBLEM_INVALID_GEOPACKAGE = "invalid-geopackage";
  /**
   * Repairing or measuring a feature would cost more than an {@link ImportLimits} budget allows
   * (self-intersections, rings, boundary intersections, vertices in one overlay, time): 422.
   * Thrown as {@link ImportBudgetExceededException}, which names the feature and the budget.
   */
  public static final String PROBLEM_BUDGET_EXCEEDED = "import-budget-exceeded";

  private final String problem;
  private final List<FieldError> errors;

  public GridImportException(String problem, String message, List<FieldError> errors) {
    this(problem, message, errors, null);
  }

  public GridImportException(
      String problem, String message, List<FieldError> errors, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.errors = List.copyOf(errors);
  }

  /** One problem at one field; the message serves as both the detail and the field message. */
  public static GridImportException at(String problem, String field, String message) {
    return new GridImportException(problem, message, List.of(new FieldError(field, message)));
  }

  /** The machine-readable slug, e.g. {@code "unclosed-ring"}. */
  public String problem() {
    return problem;
  }

  /** Where in the input, and what; at least one entry for content problems. */
  public List<FieldError> errors() {
    return errors;
  }

  /** The HTTP status for this problem: 400 unparseable, 413 over a size limit, else 422. */
  public int status() {
    return switch (problem) {
      case PROBLEM_INVALID_JSON, PROBLEM_TOO_DEEP -> 400;
      case PROBLEM_TOO_LARGE -> 413;
      default -> 422;
    };
  }
}
