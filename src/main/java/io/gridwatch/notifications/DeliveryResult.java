package io.gridwatch.notifications;

/**
 * The outcome of one delivery attempt. Immutable.
 *
 * @param delivered whether the receiver accepted it (for a webhook: a 2xx answer)
 * @param httpStatus the receiver's HTTP status, or null when there was no answer
 * @param error why it was not delivered (at most a few hundred characters), or null
 * @param latencyMs how long the attempt took
 */
public record DeliveryResult(boolean delivered, Integer httpStatus, String error, long latencyMs) {
  public static DeliveryResult delivered(Integer httpStatus, long latencyMs) {
    return new DeliveryResult(true, httpStatus, null, latencyMs);
  }

  public static DeliveryResult failed(Integer httpStatus, String error, long latencyMs) {
    String e = error == null ? "failed" : error;
    return new DeliveryResult(false, httpStatus, e.length() > 500 ? e.substring(0, 500) : e, latencyMs);
  }
}
