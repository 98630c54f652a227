package io.gridwatch.http;

import java.util.List;

/**
 * A failure the client should hear about, rendered as {@code application/problem+json}
 * (RFC 9457) by {@link FailureHandler}. Handlers throw it or fail the routing context with it;
 * nothing else writes error responses.
 *
 * <p>{@code slug} names the problem type; the response's {@code type} is
 * {@code /problems/<slug>}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;

  public ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static ApiException badRequest(String detail, List<FieldError> errors) {
    return new ApiException(400, "invalid-request", "Invalid request", detail, errors);
  }

  public static ApiException badRequest(String field, String message) {
    return badRequest(field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static ApiException unprocessable(String slug, String title, String detail) {
    return new ApiException(422, slug, title, detail, List.of());
  }

  public static ApiException notFound(String slug, String title, String detail) {
    return new ApiException(404, slug, title, detail, List.of());
  }

  public static ApiException conflict(String slug, String title, String detail) {
    return new ApiException(409, slug, title, detail, List.of());
  }

  public static ApiException unavailable(String slug, String detail) {
    return new ApiException(503, slug, "Service unavailable", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
