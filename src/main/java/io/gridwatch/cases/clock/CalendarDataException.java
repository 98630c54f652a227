package io.gridwatch.cases.clock;

/**
 * A calendar or service-promise resource is unreadable or inconsistent (bad JSON, unknown
 * field, a date outside its year, a day both holiday and make-up day, ...). Thrown at load time
 * so a bad file stops start-up instead of silently shifting deadlines.
 */
public class CalendarDataException extends RuntimeException {
  public CalendarDataException(String message) {
    super(message);
  }

  public CalendarDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
