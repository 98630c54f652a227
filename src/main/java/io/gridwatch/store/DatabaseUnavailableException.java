package io.gridwatch.store;

/** No usable database at start-up; the message says what to set or start. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
