package io.gridwatch.privacy;

import io.gridwatch.auth.Role;
import java.util.Set;

/**
 * Who may see a complainant's name, phone and ID number in clear: the rule of
 * {@code docs/security.md}, as one pure function so that every payload (case API, lists,
 * exports, live events) asks the same question. Everybody else gets {@link Masking}'s form.
 * A clear read must be audited by the caller ({@code case.read-unmasked}).
 *
 * <ul>
 *   <li>supervisors (值班长), who approve registration and closing;
 *   <li>the operator who took the complaint;
 *   <li>the inspectors assigned to the case (they must call the worker back).
 * </ul>
 * Not administrators, leaders, assistants, other operators or unassigned inspectors: their work
 * does not need the values. Live events go to many walls at once and are always masked.
 * Stateless and thread-safe.
 */
public final class PersonalDataAccess {
  private PersonalDataAccess() {}

  /**
   * @param viewerId the caller
   * @param takenBy the user who filed the complaint (null for online and transferred channels)
   * @param assignedInspectors the inspectors currently assigned to the case
   */
  public static boolean mayReadClear(Role viewerRole, long viewerId, Long takenBy, Set<Long> assignedInspectors) {
    return switch (viewerRole) {
      case SUPERVISOR -> true;
      case OPERATOR -> takenBy != null && takenBy == viewerId;
      case INSPECTOR -> assignedInspectors.contains(viewerId);
      case ADMIN, ASSISTANT, LEADER -> false;
    };
  }
}
