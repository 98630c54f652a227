package io.gridwatch.http;

/** One invalid input value: where it is ({@code lat}, {@code points[3]}) and what is wrong. */
public record FieldError(String field, String message) {}
