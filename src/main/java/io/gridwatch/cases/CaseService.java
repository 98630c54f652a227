package io.gridwatch.cases;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.cases.CaseStore.Placement;
import io.gridwatch.cases.CaseStore.StoredCase;
import io.gridwatch.cases.clock.Deadline;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.cases.workflow.Decision;
import io.gridwatch.cases.workflow.TeamMember;
import io.gridwatch.cases.workflow.Workflow;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.GridService;
import io.gridwatch.geo.Resolution;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Filing complaints and moving cases, for every way in: the case API, Open311 and the demo
 * traffic all come through here, so scope, idempotency, the workflow's decisions and the record
 * (events, outbox, audit) are the same whoever calls. Answers with typed {@link ApiException}s.
 * Thread-safe (stateless apart from its collaborators).
 */
public final class CaseService {
  private final GridService grid;
  private final CaseStore store;
  private final CaseClocks clocks;
  private final Clock clock;

  /**
   * @param clocks how the workflow drives the deadlines
   * @param clock the time deadlines start, move and are judged by (tests move it)
   */
  public CaseService(GridService grid, CaseStore store, CaseClocks clocks, Clock clock) {
    this.grid = grid;
    this.store = store;
    this.clocks = clocks;
    this.clock = clock;
  }

  public CaseStore store() {
    return store;
  }

  public CaseClocks clocks() {
    return clocks;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Who is acting: the user (for the workflow and scope) and how the audit trail names them.
   * Immutable.
   */
  public record Caller(long userId, String username, Role role, Scope scope, io.gridwatch.audit.Actor audit) {
    /** The caller of an HTTP request. */
    public static Caller of(CurrentUser user, RoutingContext ctx) {
      return new Caller(user.id(), user.username(), user.role(), user.scope(), user.actor(ctx));
    }

    io.gridwatch.cases.workflow.Actor workflowActor() {
      return new io.gridwatch.cases.workflow.Actor(userId, role);
    }

    /** Whether a case in {@code cellCode} (null: unassigned) is visible to this caller. */
    public boolean sees(String cellCode) {
      return cellCode == null ? scope.isCityWide() : scope.covers(cellCode);
    }
  }

  /** The outcome of filing: the case, and whether this call created it (false: an idempotent replay). */
  public record Filed(long caseId, boolean created) {}

  /**
   * Files {@code complaint} under the caller's idempotency {@code key}: a new case (created), or
   * the case this key already filed with the same body (not created). Fails with 403 when the
   * role may not file or the place lies outside the caller's scope, 422 when the key was used
   * for a different complaint or the named cell is unknown.
   */
  public Future<Filed> file(Caller caller, Complaint complaint, String key) {
    var actor = caller.workflowActor();
    if (Workflow.file(0, actor) instanceof Decision.Rejected r) {
      return Future.failedFuture(ApiException.forbidden("filing-forbidden", r.reason()));
    }
    return store.previous(caller.userId(), key).compose(prev -> {
      if (prev.isPresent()) {
        return replay(complaint, prev.get());
      }
      Placement placement;
      try {
        placement = place(complaint);
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      if (!caller.sees(placement.cellCode())) {
        return Future.failedFuture(ApiException.forbidden("outside-scope", placement.cellCode() == null
            ? "The complaint lies outside the grid's coverage; only city-wide users file unassigned complaints."
            : "Cell " + placement.cellCode() + " lies outside your scope (" + caller.scope() + ")."));
      }
      List<Deadline> deadlines = clocks.filed(complaint.category(), complaint.urgency(), clock.instant());
      return store.file(complaint, placement, key, caller.userId(),
              id -> ((Decision.Accepted) Workflow.file(id, actor)).events(), deadlines, caller.audit())
          .map(id -> new Filed(id, true))
          .recover(e -> e instanceof CaseStore.KeyTaken
              ? store.previous(caller.userId(), key).compose(p -> replay(complaint, p.orElseThrow()))
              : Future.failedFuture(e));
    });
  }

  private static Future<Filed> replay(Complaint complaint, CaseStore.Previous prev) {
    if (!prev.requestHash().equals(complaint.hash())) {
      return Future.failedFuture(ApiException.unprocessable("idempotency-key-reused", "Idempotency key reused",
          "This Idempotency-Key was already used for a different complaint (case " + prev.caseId()
              + "); use a new key for a new complaint."));
    }
    return Future.succeededFuture(new Filed(prev.caseId(), false));
  }

  private Placement place(Complaint c) {
    GridResolver resolver = grid.snapshot().resolver();
    if (c.location() != null) {
      double[] wgs = c.location().wgs84();
      Optional<Resolution> r = resolver.resolve(wgs[0], wgs[1]);
      if (r.isEmpty()) {
        return new Placement(null, "outside-coverage", false, false, wgs);
      }
      return new Placement(r.get().deepest().code(), null, r.get().boundary(), r.get().snapped(), wgs);
    }
    if (resolver.cell(c.cellCode()).isEmpty()) {
      throw new ApiException(422, "unknown-cell", "Unknown cell", "cellCode names no current grid cell.",
          List.of(new FieldError("cellCode", "is not a current grid cell")));
    }
    return new Placement(c.cellCode(), null, false, false, null);
  }

  /** The case if it exists and the caller sees it; otherwise a 404 (the same for both). */
  public Future<StoredCase> visibleCase(Caller caller, long id) {
    return store.load(id).compose(c -> c.isPresent() && caller.sees(c.get().cellCode())
        ? Future.succeededFuture(c.get()) : Future.failedFuture(notFound(id)));
  }

  /**
   * Applies {@code command} to the visible case {@code id}: the workflow decides, and the new
   * state commits with its events, outbox rows and audit line, or not at all. 409 on a stale
   * version or a transition not allowed from the status, 403 for a role that may not, 422 for an
   * invalid command, 404 for a case the caller does not see.
   */
  public Future<StoredCase> transition(Caller caller, long id, Command command) {
    return visibleCase(caller, id).compose(current -> checkMerge(caller, command)
        .compose(cmd -> checkTeam(cmd, current.cellCode()))
        .compose(cmd -> store.deadlines(id).compose(deadlines -> {
      Decision d = Workflow.decide(current.state(), cmd, caller.workflowActor());
      if (d instanceof Decision.Rejected r) {
        return Future.failedFuture(rejected(r));
      }
      Decision.Accepted ok = (Decision.Accepted) d;
      List<Deadline> nextDeadlines;
      try {
        nextDeadlines = clocks.after(deadlines, cmd, clock.instant());
      } catch (IllegalStateException | IllegalArgumentException e) {
        // The calculator refuses what the clocks cannot take, e.g. an extension after the
        // investigation fell due or beyond 30 working days in all, or a review date too far.
        return Future.failedFuture(ApiException.unprocessable("deadline-refused", "Deadline change refused",
            e.getMessage()));
      }
      String action = cmd.action().wireName();
      AuditEntry entry = caller.audit().entry("case." + action, "case", String.valueOf(id),
          AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseNo", current.caseNo())
              .put("from", current.state().status().name()).put("to", ok.state().status().name())
              .put("version", ok.state().version()));
      return store.transition(current, cmd.expectedVersion(), ok.state(), ok.events(), nextDeadlines, entry,
          caller.username());
    }))).compose(v -> store.load(id).map(Optional::orElseThrow));
  }

  /**
   * A dispatch command for the given user ids, with their current roles (the workflow checks the
   * team); 422 naming ids that are no enabled user.
   */
  public Future<Command> dispatch(long expectedVersion, List<Long> team) {
    return store.roles(team).compose(roles -> {
      List<String> unknown = team.stream().filter(u -> !roles.containsKey(u)).map(String::valueOf).toList();
      if (!unknown.isEmpty()) {
        return Future.failedFuture(new ApiException(422, "unknown-user", "Unknown user",
            "No enabled user " + String.join(", ", unknown) + ".",
            List.of(new FieldError("inspectors", "names no enabled user: " + String.join(", ", unknown)))));
      }
      List<TeamMember> members = team.stream().map(u -> new TeamMember(u, roles.get(u))).toList();
      return Future.succeededFuture(new Command.Dispatch(expectedVersion, members));
    });
  }

  /**
   * A dispatched team works where the case is: every member's grid must cover the case's cell
   * (an unassigned case cannot be dispatched until it has a cell). 422 naming the others.
   */
  private Future<Command> checkTeam(Command cmd, String cellCode) {
    if (!(cmd instanceof Command.Dispatch d)) {
      return Future.succeededFuture(cmd);
    }
    if (cellCode == null) {
      return Future.failedFuture(ApiException.unprocessable("case-unassigned", "Case has no cell",
          "The case lies outside the grid's coverage; give it a cell before dispatching."));
    }
    List<Long> ids = d.team().stream().map(TeamMember::userId).toList();
    return store.gridCodes(ids).compose(grids -> {
      List<String> outside = ids.stream().filter(u -> {
        String g = grids.get(u);
        return g != null && !cellCode.startsWith(g);
      }).map(String::valueOf).toList();
      if (!outside.isEmpty()) {
        return Future.failedFuture(new ApiException(422, "team-outside-grid", "Team outside the case's grid",
            "Users " + String.join(", ", outside) + " work outside cell " + cellCode + ".",
            List.of(new FieldError("inspectors", "work outside the case's grid: " + String.join(", ", outside)))));
      }
      return Future.succeededFuture(cmd);
    });
  }

  /** A merge target must exist, be visible to the caller and still be open. */
  private Future<Command> checkMerge(Caller caller, Command cmd) {
    if (!(cmd instanceof Command.Merge m) || m.intoCaseId() <= 0) {
      return Future.succeededFuture(cmd);
    }
    return store.load(m.intoCaseId()).compose(target -> {
      if (target.isEmpty() || !caller.sees(target.get().cellCode())) {
        return Future.failedFuture(ApiException.unprocessable("merge-target-not-found", "Merge target not found",
            "No case " + m.intoCaseId() + " to merge into."));
      }
      if (!target.get().state().status().isOpen()) {
        return Future.failedFuture(ApiException.unprocessable("merge-target-closed", "Merge target not open",
            "Case " + m.intoCaseId() + " is " + target.get().state().status() + "; merge into an open case."));
      }
      return Future.succeededFuture(cmd);
    });
  }

  private static ApiException rejected(Decision.Rejected r) {
    return switch (r.kind()) {
      case STALE_VERSION -> new ApiException(409, "stale-version", "Stale version", r.reason(), List.of());
      case NOT_ALLOWED_FROM_STATUS -> ApiException.conflict("transition-not-allowed", "Transition not allowed",
          r.reason());
      case FORBIDDEN_FOR_ROLE -> ApiException.forbidden("transition-forbidden", r.reason());
      case INVALID -> ApiException.unprocessable("invalid-transition", "Invalid transition", r.reason());
    };
  }

  static ApiException stale(long id, long expected) {
    return new ApiException(409, "stale-version", "Stale version", "Case " + id
        + " changed after version " + expected + " was read; reload it and try again.", List.of());
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("case-not-found", "Case not found", "No case " + id + ".");
  }
}
