package io.gridwatch.dispatch;

import io.gridwatch.auth.Role;
import io.gridwatch.geo.model.GeoMath;
import java.time.Duration;
import java.time.Instant;

/** Test fixtures: a case in 锦江区 and a builder of staff around it. */
final class Roster {
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  static final String OWN = "510104001001";
  static final String PARENT = "510104001";
  static final String DISTRICT = "510104";
  static final String SIBLING = "510104001002";
  static final LonLat SITE = new LonLat(104.08, 30.65);

  private Roster() {}

  static DispatchCase enforcementCase() {
    return new DispatchCase(1, OWN, SITE, true);
  }

  static DispatchCase checkCase() {
    return new DispatchCase(1, OWN, SITE, false);
  }

  /** An available inspector of the case's own cell, at the site, fresh, idle, never assigned. */
  static Builder inspector(long id) {
    return new Builder(id, Role.INSPECTOR);
  }

  static Builder assistant(long id) {
    return new Builder(id, Role.ASSISTANT);
  }

  /** The point {@code metres} due north of the site (exact: haversine along a meridian). */
  static LonLat north(double metres) {
    return new LonLat(SITE.lon(), SITE.lat() + metres / GeoMath.METRES_PER_DEGREE);
  }

  static final class Builder {
    private final long id;
    private final Role role;
    private String name;
    private String grid = OWN;
    private DutyStatus status = DutyStatus.AVAILABLE;
    private Position position = new Position(SITE, 10, NOW);
    private boolean stale;
    private int open;
    private Instant lastAssigned;

    Builder(long id, Role role) {
      this.id = id;
      this.role = role;
      this.name = (role == Role.INSPECTOR ? "监察员" : "协管员") + id;
    }

    Builder name(String name) {
      this.name = name;
      return this;
    }

    Builder grid(String grid) {
      this.grid = grid;
      return this;
    }

    Builder status(DutyStatus status) {
      this.status = status;
      return this;
    }

    Builder at(LonLat point) {
      return at(point, 10);
    }

    Builder at(LonLat point, double accuracy) {
      this.position = new Position(point, accuracy, NOW);
      this.stale = false;
      return this;
    }

    Builder metresAway(double metres) {
      return at(north(metres));
    }

    Builder staleSince(Duration age) {
      this.position = new Position(position == null ? SITE : position.point(), 10, NOW.minus(age));
      this.stale = true;
      return this;
    }

    Builder noPosition() {
      this.position = null;
      this.stale = false;
      return this;
    }

    Builder open(int open) {
      this.open = open;
      return this;
    }

    Builder lastAssigned(Duration ago) {
      this.lastAssigned = NOW.minus(ago);
      return this;
    }

    Staff build() {
      return new Staff(id, (role == Role.INSPECTOR ? "inspector" : "assistant") + id, name, role,
          grid, status, position, stale, open, lastAssigned);
    }
  }
}
