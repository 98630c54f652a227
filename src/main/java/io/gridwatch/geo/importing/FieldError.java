package io.gridwatch.geo.importing;

import java.util.Objects;

/**
 * One problem found in an import file, pointing at the offending part of the input.
 *
 * <p>{@code field} is a path into the input in JavaScript notation, e.g. {@code
 * features[3].geometry.coordinates[0]} or {@code features[3].properties.name}, or a column name
 * for a GeoPackage (e.g. {@code districts[row 7].code}). It becomes one entry of the {@code errors}
 * array of the problem+json answer.
 *
 * <p>A twin of {@link io.gridwatch.http.FieldError} on purpose: the importer is a pure core (plain
 * Java + JTS, also run from the command line) and does not depend on the HTTP layer;
 * {@code geo.GridImports} turns these into the HTTP ones. Unlike those, both parts are required.
 */
public record FieldError(String field, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
