package io.gridwatch.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client should hear about, rendered as {@code application/problem+json}
 * (RFC 9457) by {@link FailureHandler}. Handlers throw it or fail the routing context with it;
 * nothing else writes error responses.
 *
 * <p>{@code slug} names the problem type; the response's {@code type} is
 * {@code /problems/<slug>}. Extra response headers ({@code Retry-After}, {@code WWW-Authenticate})
 * travel with the exception, so that the failure handler stays the only writer of errors.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiException(int status, String slug, String title, String detail, List<FieldError> errors) {
    this(status, slug, title, detail, errors, Map.of());
  }

  private ApiException(int status, String slug, String title, String detail, List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  /** The same problem with one more response header. */
  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, slug, title, getMessage(), errors, more);
  }

  /** 401: no valid credentials. */
  public static ApiException unauthorized(String slug, String detail) {
    return new ApiException(401, slug, "Unauthorized", detail, List.of());
  }

  /** 403: authenticated, but not allowed. */
  public static ApiException forbidden(String slug, String detail) {
    return new ApiException(403, slug, "Forbidden", detail, List.of());
  }

  /** 429 with {@code Retry-After}. */
  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(429, "too-many-requests", "Too many requests", detail, List.of())
        .withHeader("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds)));
  }

  public static ApiException badRequest(String detail, List<FieldError> errors) {
    return new ApiException(400, "invalid-request", "Invalid request", detail, errors);
  }

  /** A 400 listing every invalid field; the detail sums them up in one line. */
  public static ApiException invalid(List<FieldError> errors) {
    StringBuilder detail = new StringBuilder();
    for (FieldError e : errors) {
      detail.append(detail.length() == 0 ? "" : "; ").append(e.field()).append(' ').append(e.message());
    }
    return badRequest(detail.toString(), errors);
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

  /** Headers the response must carry. */
  public Map<String, String> headers() {
    return headers;
  }
}
