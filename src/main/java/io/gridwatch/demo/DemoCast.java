package io.gridwatch.demo;

import io.gridwatch.audit.Actor;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.auth.UserAdmin;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo's people: the demo users of shared/API.md ({@code operator1}, {@code supervisor1},
 * {@code inspector1}, {@code inspector2}, {@code assistant1}) and the field staff demo mode adds
 * for every district ({@code inspector_<district>_<n>}, {@code assistant_<district>_<n>}), as
 * callers of the case service. Only these accounts act, so the demo never speaks for a real
 * user an administrator created. Immutable and thread-safe.
 */
final class DemoCast {
  static final String OPERATOR = "operator1";
  static final String SUPERVISOR = "supervisor1";
  /** Field staff per district and role. */
  static final int STAFF_PER_DISTRICT = 2;
  private static final Set<String> FIXED_FIELD_STAFF = Set.of("inspector1", "inspector2", "assistant1");
  private static final Pattern DISTRICT_STAFF = Pattern.compile("(inspector|assistant)_[0-9]{6}_[0-9]+");

  private final Caller operator;
  private final Caller supervisor;
  private final List<User> inspectors;
  private final List<User> assistants;

  private DemoCast(Caller operator, Caller supervisor, List<User> inspectors, List<User> assistants) {
    this.operator = operator;
    this.supervisor = supervisor;
    this.inspectors = List.copyOf(inspectors);
    this.assistants = List.copyOf(assistants);
  }

  /** The field staff demo mode creates: two inspectors and two assistants per level-1 district. */
  static List<UserAdmin.NewUser> districtStaff(List<GridCell> districts, String password) {
    List<UserAdmin.NewUser> out = new ArrayList<>();
    for (GridCell d : districts) {
      for (int n = 1; n <= STAFF_PER_DISTRICT; n++) {
        out.add(new UserAdmin.NewUser("inspector_" + d.code() + "_" + n, d.name() + "监察员" + n, Role.INSPECTOR,
            d.code(), password));
        out.add(new UserAdmin.NewUser("assistant_" + d.code() + "_" + n, d.name() + "协管员" + n, Role.ASSISTANT,
            d.code(), password));
      }
    }
    return out;
  }

  /** The cast among {@code users}; empty when the operator or the supervisor is missing or disabled. */
  static Optional<DemoCast> of(List<User> users) {
    User operator = null;
    User supervisor = null;
    List<User> inspectors = new ArrayList<>();
    List<User> assistants = new ArrayList<>();
    for (User u : users) {
      if (u.disabled()) {
        continue;
      }
      boolean fieldStaff = u.gridCode() != null
          && (FIXED_FIELD_STAFF.contains(u.username()) || DISTRICT_STAFF.matcher(u.username()).matches());
      if (u.username().equals(OPERATOR) && u.role() == Role.OPERATOR) {
        operator = u;
      } else if (u.username().equals(SUPERVISOR) && u.role() == Role.SUPERVISOR) {
        supervisor = u;
      } else if (fieldStaff && u.role() == Role.INSPECTOR) {
        inspectors.add(u);
      } else if (fieldStaff && u.role() == Role.ASSISTANT) {
        assistants.add(u);
      }
    }
    if (operator == null || supervisor == null) {
      return Optional.empty();
    }
    return Optional.of(new DemoCast(caller(operator), caller(supervisor), inspectors, assistants));
  }

  static Caller caller(User u) {
    return new Caller(u.id(), u.username(), u.role(), u.scope(), new Actor(u.id(), u.username(), null));
  }

  Caller operator() {
    return operator;
  }

  Caller supervisor() {
    return supervisor;
  }

  /** Every user id of the cast: the cases they filed are the ones the demo moves on. */
  List<Long> ids() {
    List<Long> ids = new ArrayList<>();
    ids.add(operator.userId());
    ids.add(supervisor.userId());
    inspectors.forEach(u -> ids.add(u.id()));
    assistants.forEach(u -> ids.add(u.id()));
    return ids;
  }

  /** Up to {@code n} distinct inspectors whose grid covers {@code cellCode}, in random order. */
  List<Caller> inspectorsFor(String cellCode, int n, Random rng) {
    return pickCovering(inspectors, cellCode, n, rng);
  }

  /** An assistant whose grid covers {@code cellCode}, if any. */
  Optional<Caller> assistantFor(String cellCode, Random rng) {
    return pickCovering(assistants, cellCode, 1, rng).stream().findFirst();
  }

  /** Every demo inspector, as a caller. */
  List<Caller> inspectorCallers() {
    return inspectors.stream().map(DemoCast::caller).toList();
  }

  /** The home cell of the demo field staff member with this id, or null. */
  String gridOf(long id) {
    for (User u : inspectors) {
      if (u.id() == id) {
        return u.gridCode();
      }
    }
    for (User u : assistants) {
      if (u.id() == id) {
        return u.gridCode();
      }
    }
    return null;
  }

  /** The inspector with this id, if in the cast. */
  Optional<Caller> inspector(long id) {
    return inspectors.stream().filter(u -> u.id() == id).findFirst().map(DemoCast::caller);
  }

  private static List<Caller> pickCovering(List<User> staff, String cellCode, int n, Random rng) {
    List<User> covering = new ArrayList<>();
    for (User u : staff) {
      if (cellCode != null && u.scope().covers(cellCode)) {
        covering.add(u);
      }
    }
    java.util.Collections.shuffle(covering, rng);
    return covering.stream().limit(n).map(DemoCast::caller).toList();
  }
}
