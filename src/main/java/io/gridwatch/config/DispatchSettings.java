package io.gridwatch.config;

import java.util.List;
import java.util.Locale;

/**
 * Settings of the roster and of dispatch (io.gridwatch.dispatch, the case workflow's dispatch
 * steps). Immutable.
 *
 * @param positionMinIntervalSeconds the least time between two stored positions of one user
 *     ({@code dispatch.positionMinIntervalSeconds}, default 5); a position sent sooner is answered
 *     204 and not stored
 * @param staleSeconds a position older than this is shown as stale and not used for distance
 *     ({@code dispatch.staleSeconds}, default 300)
 * @param acceptTimeoutSeconds how long a dispatched team has to accept before the case goes to
 *     the next team ({@code dispatch.acceptTimeoutSeconds}, default 300)
 * @param autoDispatchCategories the case categories dispatched by the system as soon as they are
 *     registered ({@code dispatch.autoDispatchCategories}, comma-separated; default
 *     {@code WAGE_ARREARS,CHILD_LABOUR})
 * @param autoDispatchUrgentOnly whether only URGENT cases of those categories are dispatched
 *     automatically ({@code dispatch.autoDispatchUrgentOnly}, default true)
 * @param arrivalWarningMeters a check-in farther than this from the case's location is flagged
 *     on the case ({@code dispatch.arrivalWarningMeters}, default 500); never refused
 */
public record DispatchSettings(int positionMinIntervalSeconds, int staleSeconds, int acceptTimeoutSeconds,
    List<String> autoDispatchCategories, boolean autoDispatchUrgentOnly, int arrivalWarningMeters) {

  public DispatchSettings {
    autoDispatchCategories = autoDispatchCategories.stream().map(c -> c.strip().toUpperCase(Locale.ROOT))
        .filter(c -> !c.isEmpty()).distinct().toList();
  }

  /** The defaults (5 s, 300 s, 300 s, wage arrears and child labour when urgent, 500 m). */
  public static DispatchSettings defaults() {
    return new DispatchSettings(5, 300, 300, List.of("WAGE_ARREARS", "CHILD_LABOUR"), true, 500);
  }

  /** Whether a case of {@code category} and {@code urgent}cy is dispatched by the system. */
  public boolean autoDispatches(String category, boolean urgent) {
    return autoDispatchCategories.contains(category) && (urgent || !autoDispatchUrgentOnly);
  }
}
