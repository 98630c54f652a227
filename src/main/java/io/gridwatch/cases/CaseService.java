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
import io.gridwatch.cases.clock.DeadlineKind;
import io.gridwatch.cases.workflow.Actor;
import io.gridwatch.cases.workflow.CaseEvent;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.config.DispatchSettings;
import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filing complaints and moving cases, for every way in: the case API, Open311 and the demo
 * traffic all come through here, so scope, idempotency, the workflow's decisions and the record
 * (events, outbox, audit) are the same whoever calls. Answers with typed {@link ApiException}s.
 * Thread-safe (stateless apart from its collaborators).
 */
public final class CaseService {
  private static final Logger LOG = LoggerFactory.getLogger(CaseService.class);
  private final GridService grid;
  private final CaseStore store;
  private final CaseClocks clocks;
  private final Clock clock;
  private final DispatchSettings dispatch;
  private final NextTeam nextTeam;
  private final List<CaseCommitted> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param clocks how the workflow drives the deadlines
   * @param clock the time deadlines start, move and are judged by (tests move it)
   * @param dispatch which categories the system dispatches itself, and how far a check-in may be
   * @param nextTeam who the system dispatches to
   */
  public CaseService(GridService grid, CaseStore store, CaseClocks clocks, Clock clock, DispatchSettings dispatch,
      NextTeam nextTeam) {
    this.grid = grid;
    this.store = store;
    this.clocks = clocks;
    this.clock = clock;
    this.dispatch = dispatch;
    this.nextTeam = nextTeam;
  }

  /** Adds a reaction to every committed case step (see {@link CaseCommitted}). */
  public void onCommitted(CaseCommitted listener) {
    listeners.add(listener);
  }

  private void tell(CaseState before, Step done) {
    for (CaseCommitted l : listeners) {
      try {
        l.committed(before, done.state(), done.events());
      } catch (RuntimeException e) {
        LOG.warn("A reaction to case {} failed: {}", before.id(), e.toString());
      }
    }
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
      return scope.seesCase(cellCode);
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
   *
   * <p>What the system does on its own commits in the same transaction: a registered case of a
   * category dispatched automatically goes to the best team, and a refused one to the next team
   * (leaving out whoever refused it or let it time out before).
   */
  public Future<StoredCase> transition(Caller caller, long id, Command command) {
    return visibleCase(caller, id).compose(current -> checkMerge(caller, command)
        .compose(cmd -> checkTeam(cmd, current.cellCode()))
        .compose(cmd -> checkTransfer(cmd, current))
        .compose(cmd -> measureCheckIn(cmd, current))
        .compose(cmd -> store.deadlines(id).compose(deadlines -> {
      Decision d = Workflow.decide(current.state(), cmd, caller.workflowActor());
      if (d instanceof Decision.Rejected r) {
        return Future.failedFuture(rejected(r));
      }
      Step step;
      try {
        step = Step.first((Decision.Accepted) d, clocks.after(deadlines, cmd, ((Decision.Accepted) d).state(),
            clock.instant()));
      } catch (IllegalStateException | IllegalArgumentException e) {
        // The calculator refuses what the clocks cannot take, e.g. an extension after the
        // investigation fell due or beyond 30 working days in all, or a review date too far.
        return Future.failedFuture(ApiException.unprocessable("deadline-refused", "Deadline change refused",
            e.getMessage()));
      }
      return systemFollowUp(current, cmd, step).compose(done -> {
        String action = cmd.action().wireName();
        AuditEntry entry = caller.audit().entry("case." + action, "case", String.valueOf(id),
            AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseNo", current.caseNo())
                .put("from", current.state().status().name()).put("to", done.state().status().name())
                .put("version", done.state().version()).put("automaticDispatch", done.automatic()));
        String newCell = cmd instanceof Command.Transfer t ? t.cellCode().strip() : null;
        return store.transition(current, cmd.expectedVersion(), done.state(), done.events(), done.deadlines(),
            entry, caller.username(), newCell).onSuccess(v -> tell(current.state(), done));
      });
    }))).compose(v -> store.load(id).map(Optional::orElseThrow));
  }

  /**
   * Where a case stands after one or more decisions of one transaction: the state, the events in
   * order, the clocks, and whether the system dispatched on its own.
   */
  private record Step(CaseState state, List<CaseEvent> events, List<Deadline> deadlines, boolean automatic) {
    static Step first(Decision.Accepted ok, List<Deadline> deadlines) {
      return new Step(ok.state(), ok.events(), deadlines, false);
    }

    /**
     * The system's dispatch after this step; the step's last event (the refusal, timeout or
     * registration that led to it) names the team offered next, for the operator's alert.
     */
    Step then(Decision.Accepted ok, List<Deadline> deadlines) {
      List<CaseEvent> all = new ArrayList<>(events);
      CaseEvent last = all.remove(all.size() - 1);
      Map<String, Object> data = new LinkedHashMap<>(last.data());
      data.put("nextInspectors", ok.state().assignedInspectors());
      all.add(new CaseEvent(last.type(), last.caseId(), last.version(), last.actor(), last.from(), last.to(), data));
      all.addAll(ok.events());
      return new Step(ok.state(), all, deadlines, true);
    }
  }

  /** What the system adds to an accepted command: an automatic dispatch, or the next team. */
  private Future<Step> systemFollowUp(StoredCase current, Command cmd, Step step) {
    if (step.state().status() != CaseStatus.REGISTERED) {
      return Future.succeededFuture(step);
    }
    if (cmd instanceof Command.Register && dispatch.autoDispatches(current.category(),
        "URGENT".equals(current.details().urgency()))) {
      return dispatchToNextTeam(current, step, Set.of());
    }
    if (cmd instanceof Command.Refuse) {
      return passedOver(current.id()).compose(excluded -> {
        Set<Long> all = new HashSet<>(excluded);
        step.events().forEach(e -> all.add(e.actor().userId()));
        return dispatchToNextTeam(current, step, all);
      });
    }
    return Future.succeededFuture(step);
  }

  /**
   * The people who refused case {@code caseId} or let it time out: the system does not offer it
   * to them again (an operator still may).
   */
  private Future<Set<Long>> passedOver(long caseId) {
    return store.events(caseId).map(events -> {
      Set<Long> out = new HashSet<>();
      for (int i = 0; i < events.size(); i++) {
        JsonObject e = events.getJsonObject(i);
        if ("assignment-refused".equals(e.getString("type")) && e.getJsonObject("actor").getLong("userId") != null) {
          out.add(e.getJsonObject("actor").getLong("userId"));
        } else if ("dispatch-timeout".equals(e.getString("type"))) {
          JsonArray late = e.getJsonObject("data").getJsonArray("notAccepted", new JsonArray());
          late.forEach(u -> out.add(((Number) u).longValue()));
        }
      }
      return out;
    });
  }

  /**
   * Dispatches the REGISTERED case of {@code step} to the best team without {@code excluded}, as
   * the system; the step unchanged when there is no team (the operator is alerted by the event
   * that led here) or the team no longer qualifies.
   */
  private Future<Step> dispatchToNextTeam(StoredCase current, Step step, Set<Long> excluded) {
    if (current.cellCode() == null) {
      return Future.succeededFuture(step);
    }
    return nextTeam.pick(current.id(), excluded).compose(team -> {
      if (team.isEmpty()) {
        return Future.succeededFuture(step);
      }
      return dispatch(step.state().version(), team)
          .compose(cmd -> checkTeam(cmd, current.cellCode()))
          .map(cmd -> {
            Decision d = Workflow.decide(step.state(), cmd, Actor.SYSTEM);
            if (d instanceof Decision.Accepted ok) {
              return step.then(ok, clocks.after(step.deadlines(), cmd, ok.state(), clock.instant()));
            }
            LOG.warn("Case {}: automatic dispatch to {} refused: {}", current.id(), team,
                ((Decision.Rejected) d).reason());
            return step;
          })
          .recover(e -> {
            LOG.warn("Case {}: automatic dispatch to {} not possible: {}", current.id(), team, e.getMessage());
            return Future.succeededFuture(step);
          });
    });
  }

  /**
   * The acceptance clock of dispatched case {@code caseId} ran out: the system releases the team
   * and offers the case to the next team (leaving out everyone who refused it or let it time out),
   * in one transaction that also meets the clock, so it happens once however often it is called
   * and however many nodes sweep. True when this call released it; false when there was nothing
   * to do (the team accepted, the case moved on, another node came first).
   */
  public Future<Boolean> timeOut(long caseId) {
    return store.load(caseId).compose(found -> {
      if (found.isEmpty() || found.get().state().status() != CaseStatus.DISPATCHED) {
        return Future.succeededFuture(false);
      }
      StoredCase current = found.get();
      return store.deadlines(caseId).compose(deadlines -> {
        Instant now = clock.instant();
        boolean due = deadlines.stream().anyMatch(dl -> dl.kind() == DeadlineKind.DISPATCH_ACCEPT && !dl.isMet()
            && !dl.isPaused() && !now.isBefore(dl.dueAt()));
        if (!due) {
          return Future.succeededFuture(false);
        }
        Command.DispatchTimeout cmd = new Command.DispatchTimeout(current.state().version(),
            (int) clocks.acceptWithin().toSeconds());
        if (!(Workflow.timeOut(current.state(), cmd) instanceof Decision.Accepted ok)) {
          return Future.succeededFuture(false);
        }
        Step step = Step.first(ok, clocks.after(deadlines, cmd, ok.state(), now));
        return passedOver(caseId).compose(excluded -> {
          Set<Long> all = new HashSet<>(excluded);
          ok.events().forEach(e -> ((List<?>) e.data().getOrDefault("notAccepted", List.of()))
              .forEach(u -> all.add(((Number) u).longValue())));
          return dispatchToNextTeam(current, step, all);
        }).compose(done -> {
          AuditEntry entry = io.gridwatch.audit.Actor.system().entry("case.dispatch-timeout", "case",
              String.valueOf(caseId), AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseNo", current.caseNo())
                  .put("notAccepted", new JsonArray(new ArrayList<>(ok.events().get(0).data().get("notAccepted")
                      instanceof List<?> l ? l : List.of())))
                  .put("nextTeam", new JsonArray(new ArrayList<>(done.state().assignedInspectors()))));
          return store.transition(current, cmd.expectedVersion(), done.state(), done.events(), done.deadlines(),
              entry, "system").onSuccess(v -> tell(current.state(), done)).map(true);
        });
      });
    }).recover(e -> e instanceof ApiException a && a.status() == 409 || StoreErrors.isDuplicate(e, null)
        ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /**
   * A transfer (批转) goes to a current grid cell; the command carries the case's present cell
   * for the workflow to compare. 422 {@code unknown-cell} otherwise.
   */
  private Future<Command> checkTransfer(Command cmd, StoredCase current) {
    if (!(cmd instanceof Command.Transfer t)) {
      return Future.succeededFuture(cmd);
    }
    String code = t.cellCode() == null ? null : t.cellCode().strip();
    if (code != null && !code.isEmpty() && grid.snapshot().resolver().cell(code).isEmpty()) {
      return Future.failedFuture(new ApiException(422, "unknown-cell", "Unknown cell",
          "cellCode " + code + " names no current grid cell.", List.of(new FieldError("cellCode",
              "is not a current grid cell"))));
    }
    return Future.succeededFuture(new Command.Transfer(t.expectedVersion(), code, t.reason(), current.cellCode()));
  }

  /** A check-in's distance from the case's location, and whether it is far enough to flag. */
  private Future<Command> measureCheckIn(Command cmd, StoredCase current) {
    if (!(cmd instanceof Command.Arrive a) || a.checkIn() == null) {
      return Future.succeededFuture(cmd);
    }
    CaseDetails.Location place = current.details().location();
    Double lon = place == null ? null : place.lonWgs84();
    Double lat = place == null ? null : place.latWgs84();
    Command.CheckIn c = a.checkIn();
    Double distance = lon == null || lat == null ? null
        : GeoMath.haversineMetres(lon, lat, c.lon(), c.lat());
    boolean far = distance != null && distance > dispatch.arrivalWarningMeters();
    return Future.succeededFuture(new Command.Arrive(a.expectedVersion(),
        new Command.CheckIn(c.lon(), c.lat(), c.accuracyMeters(), distance, far)));
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

  /** The one place a workflow refusal becomes an HTTP problem: 409, 403 or 422 with its slug. */
  static ApiException rejected(Decision.Rejected r) {
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
