package io.gridwatch.http;

/**
 * One invalid input value: where it is ({@code lat}, {@code points[3]}) and what is wrong; an
 * entry of a problem's {@code errors}. {@code geo.importing.FieldError} is its twin inside the
 * pure import core, which does not depend on this package (see there).
 */
public record FieldError(String field, String message) {}
