package io.gridwatch.auth;

import io.gridwatch.http.PathTemplate;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call what: the one table of (HTTP method, route path) → allowed roles, consulted by
 * {@link AccessGuard} for every request under {@code /api/}. A route that is not in the table
 * is refused to everyone (fail closed), and a test checks that every route the server serves is
 * in it. docs/security.md shows the table and the reasons. Immutable and thread-safe.
 *
 * <p>Scope (which cells' data a user sees) is not decided here but by the capability that owns
 * the data, with {@link Scope}; this table only says which roles may use a route at all.
 */
public final class AccessPolicy {
  private static final Set<Role> EVERY_ROLE = Collections.unmodifiableSet(EnumSet.allOf(Role.class));
  private final List<Rule> rules;

  /**
   * One row. {@code isPublic} rows need no login and ignore {@code roles}.
   *
   * @param path in OpenAPI form, {@code /api/users/{id}}
   */
  public record Rule(HttpMethod method, String path, boolean isPublic, Set<Role> roles, String why) {
    public boolean allows(Role role) {
      return isPublic || roles.contains(role);
    }

    int parameters() {
      return (int) path.chars().filter(c -> c == '{').count();
    }
  }

  private AccessPolicy(List<Rule> rules) {
    List<Rule> sorted = new ArrayList<>(rules);
    // Literal paths before templated ones, so /api/x/me would win over /api/x/{id}.
    sorted.sort(Comparator.comparingInt(Rule::parameters));
    this.rules = List.copyOf(sorted);
  }

  /** GridWatch's policy. */
  public static AccessPolicy standard() {
    List<Rule> r = new ArrayList<>();
    // Public: the contract is documentation, served like a static asset; login is how one
    // gets credentials in the first place. (/health lies outside /api/ and is public too.)
    r.add(open(GET, "/api/openapi.yaml", "the API contract is documentation, like a static asset"));
    r.add(open(POST, "/api/auth/login", "the way to obtain a session"));

    // One's own account.
    r.add(rule(POST, "/api/auth/logout", EVERY_ROLE, "ending one's own session"));
    r.add(rule(GET, "/api/auth/me", EVERY_ROLE, "one's own account"));
    r.add(rule(POST, "/api/auth/password", EVERY_ROLE, "changing one's own password"));
    r.add(rule(POST, "/api/auth/totp/setup", EVERY_ROLE, "one's own second factor"));
    r.add(rule(POST, "/api/auth/totp/enable", EVERY_ROLE, "one's own second factor"));
    r.add(rule(POST, "/api/auth/totp/disable", EVERY_ROLE, "one's own second factor"));

    // Accounts: administrators keep them (shared/DOMAIN.md).
    Set<Role> admin = EnumSet.of(Role.ADMIN);
    r.add(rule(GET, "/api/users", admin, "account administration"));
    r.add(rule(POST, "/api/users", admin, "account administration"));
    r.add(rule(GET, "/api/users/{id}", admin, "account administration"));
    r.add(rule(PATCH, "/api/users/{id}", admin, "account administration"));
    r.add(rule(POST, "/api/users/{id}/password", admin, "account administration"));
    r.add(rule(POST, "/api/users/{id}/unlock", admin, "account administration"));

    // The grid: everyone works on the map, so everyone reads it and resolves points.
    r.add(rule(GET, "/api/grid/cells", EVERY_ROLE, "the map everyone works on"));
    r.add(rule(GET, "/api/grid/cells/{code}", EVERY_ROLE, "the map everyone works on"));
    r.add(rule(GET, "/api/grid/cells/{code}/versions", EVERY_ROLE, "where a cell was when an old case was filed"));
    r.add(rule(GET, "/api/grid/resolve", EVERY_ROLE, "locating a complaint or oneself"));
    r.add(rule(POST, "/api/grid/resolve", EVERY_ROLE, "locating many points at once"));
    // Changing the grid is administration; the import history (sources, who imported, repair
    // reports) is for administrators and for leadership, who answer for the grid.
    r.add(rule(POST, "/api/grid/import", admin, "changes the grid"));
    r.add(rule(GET, "/api/grid/generations", EnumSet.of(Role.ADMIN, Role.LEADER), "grid change history"));
    r.add(rule(GET, "/api/grid/generations/{id}", EnumSet.of(Role.ADMIN, Role.LEADER), "grid change history"));

    // Complaints and cases (io.gridwatch.cases). Filing: the roles the workflow lets file
    // (cases.workflow.Permissions.FILERS; AccessPolicyMatchingTest checks that the two agree, since
    // the workflow depends on this package and not the other way round). Reading: everyone whose
    // work involves cases (not administrators); which cases, and whether complainants show in
    // clear, is decided by the case API with Scope and PersonalDataAccess. Transitions: every
    // role that may take some workflow action; the workflow decides which action.
    Set<Role> caseWorkers = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.INSPECTOR, Role.ASSISTANT);
    Set<Role> caseReaders = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.INSPECTOR, Role.ASSISTANT, Role.LEADER);
    r.add(rule(POST, "/api/complaints", EnumSet.of(Role.OPERATOR, Role.ASSISTANT), "taking a complaint (受理)"));
    r.add(rule(GET, "/api/complaints/categories", caseReaders, "the categories and their attributes, for intake forms"));
    r.add(rule(GET, "/api/cases", caseReaders, "the cases in one's scope"));
    r.add(rule(GET, "/api/cases/{caseId}", caseReaders, "one case in one's scope"));
    r.add(rule(POST, "/api/cases/{caseId}/transitions", caseWorkers, "moving a case through its workflow"));
    // Supervision by hand (督办 / 挂牌督办, docs/supervision.md): leaders, and supervisors of a grid
    // above the case's cell; the endpoint decides which cases and levels (SupervisionRules).
    Set<Role> supervisors = EnumSet.of(Role.LEADER, Role.SUPERVISOR);
    r.add(rule(POST, "/api/cases/{caseId}/supervision", supervisors, "placing 督办 / 挂牌督办 on a case from above"));
    r.add(rule(DELETE, "/api/cases/{caseId}/supervision", supervisors, "lifting a case's supervision (解除督办)"));

    // Evidence of a case (io.gridwatch.evidence): read by exactly those who read the case (and,
    // by the endpoint, only for a case in their scope); added by those whose work on the case
    // produces it: the intake desk and supervisors, assistants verifying, and inspectors (the
    // endpoint admits only those on the case's team). Leaders look; administrators do not read
    // cases at all.
    r.add(rule(POST, "/api/cases/{caseId}/evidence", caseWorkers, "adding a photo or document to a case in one's scope"));
    r.add(rule(GET, "/api/cases/{caseId}/evidence", caseReaders, "the evidence of a case in one's scope"));
    r.add(rule(GET, "/api/cases/{caseId}/evidence/{id}", caseReaders, "the bytes of one piece of evidence (audited)"));

    // Open311 API clients (io.gridwatch.open311): each acts as an account, so creating one is
    // account administration. (/open311/v2/ itself lies outside /api/ and checks its api_key.)
    r.add(rule(GET, "/api/open311/clients", admin, "Open311 API clients are account administration"));
    r.add(rule(POST, "/api/open311/clients", admin, "Open311 API clients are account administration"));
    r.add(rule(GET, "/api/open311/clients/{id}", admin, "Open311 API clients are account administration"));
    r.add(rule(POST, "/api/open311/clients/{id}/revoke", admin, "Open311 API clients are account administration"));
    // The employer registry (io.gridwatch.employers): read by everyone whose work involves
    // employers and cases; which employers, by Scope in the endpoint.
    r.add(rule(GET, "/api/employers", caseReaders, "the employers in one's scope"));
    r.add(rule(GET, "/api/employers/{id}", caseReaders, "one employer in one's scope"));
    // Figures (io.gridwatch.stats): the same readers as the cases they count, each within their
    // own scope (the endpoint narrows to it); leadership reads them above all.
    r.add(rule(GET, "/api/stats/summary", caseReaders, "key figures of the cases in one's scope"));
    r.add(rule(GET, "/api/stats/trend", caseReaders, "the figures of one's scope day by day (JSON, CSV, XLSX)"));
    r.add(rule(GET, "/api/stats/ranking", caseReaders, "the figures of each grid cell in one's scope (JSON, CSV, XLSX)"));
    // Live events (io.gridwatch.live): the replay after a reconnect. The same people who read
    // cases, for the same reason; which events, by Scope. The event-bus socket at /eventbus
    // (outside /api/) admits exactly the roles of this row, so socket and replay cannot disagree.
    r.add(rule(GET, "/api/events", caseReaders, "replaying the live events of one's scope after a reconnect"));

    // The roster (io.gridwatch.dispatch): field staff report their own duty status and position;
    // those who dispatch or oversee read the staff of their scope and a case's recommended teams
    // (which cases and staff, by Scope in the endpoint).
    Set<Role> fieldStaff = EnumSet.of(Role.INSPECTOR, Role.ASSISTANT);
    r.add(rule(POST, "/api/me/status", fieldStaff, "one's own duty status"));
    r.add(rule(POST, "/api/me/position", fieldStaff, "one's own position while on duty"));
    r.add(rule(GET, "/api/dispatch/staff", EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.LEADER, Role.ADMIN),
        "who is on duty where, for dispatch and oversight"));
    // The route of the day: the same overseers as the staff list (which staff, by Scope), and
    // field staff for their own day only (the endpoint answers 404 for anyone else's).
    r.add(rule(GET, "/api/dispatch/staff/{userId}/track",
        EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.LEADER, Role.ADMIN, Role.INSPECTOR, Role.ASSISTANT),
        "a staff member's route of the day in one's scope; field staff their own"));
    r.add(rule(GET, "/api/cases/{caseId}/candidates", EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.LEADER),
        "recommended teams for a case in one's scope"));

    // Notifications away from the screen (io.gridwatch.notifications): administrators and
    // leadership keep the rules (who is told of what, by which channel); duty supervisors read
    // them and the deliveries, to know who was told. Which rules and deliveries, by Scope in the
    // endpoint; a leader or supervisor with a home cell changes only rules inside it.
    Set<Role> notificationManagers = EnumSet.of(Role.ADMIN, Role.LEADER);
    Set<Role> notificationReaders = EnumSet.of(Role.ADMIN, Role.LEADER, Role.SUPERVISOR);
    r.add(rule(GET, "/api/notifications/rules", notificationReaders, "who is notified of which events, in one's scope"));
    r.add(rule(POST, "/api/notifications/rules", notificationManagers, "deciding who is notified of which events"));
    r.add(rule(GET, "/api/notifications/rules/{id}", notificationReaders, "one notification rule in one's scope"));
    r.add(rule(PUT, "/api/notifications/rules/{id}", notificationManagers, "changing or disabling a notification rule"));
    r.add(rule(DELETE, "/api/notifications/rules/{id}", notificationManagers, "removing a notification rule"));
    r.add(rule(GET, "/api/notifications/deliveries", notificationReaders,
        "which messages went out to whom, for events in one's scope"));
    // Mass incidents (io.gridwatch.incidents): read by those who read cases (which incidents, by
    // Scope on the incident's cell); declared by the intake desk, supervisors and leadership;
    // actions by those roles and by inspectors (the endpoint lets operators report, and
    // inspectors arrive and report on incidents whose team they are on; supervisors and leaders
    // take every action).
    r.add(rule(GET, "/api/incidents", caseReaders, "the mass incidents in one's scope"));
    r.add(rule(POST, "/api/incidents", EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.LEADER),
        "declaring a mass incident on cases in one's scope"));
    r.add(rule(GET, "/api/incidents/{id}", caseReaders, "one mass incident in one's scope, with team, tasks, timeline"));
    r.add(rule(POST, "/api/incidents/{id}/actions", EnumSet.of(Role.OPERATOR, Role.SUPERVISOR, Role.LEADER,
        Role.INSPECTOR), "commanding the response to a mass incident (the action decides who)"));

    // The audit trail (handler in io.gridwatch.audit).
    r.add(rule(GET, "/api/audit", admin, "the audit trail"));
    return new AccessPolicy(r);
  }

  private static Rule rule(HttpMethod method, String path, Set<Role> roles, String why) {
    return new Rule(method, path, false, Collections.unmodifiableSet(EnumSet.copyOf(roles)), why);
  }

  private static Rule open(HttpMethod method, String path, String why) {
    return new Rule(method, path, true, Set.of(), why);
  }

  /** Every row, literal paths first. */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * The row for a request, by method and normalised path. HEAD is looked up as GET (it reads
   * the same thing).
   */
  public Optional<Rule> find(HttpMethod method, String path) {
    HttpMethod m = HttpMethod.HEAD.equals(method) ? GET : method;
    for (Rule r : rules) {
      if (r.method().equals(m) && matches(r.path(), path)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether the table has a row for exactly this method and path template. */
  public boolean lists(HttpMethod method, String template) {
    return rules.stream().anyMatch(r -> r.method().equals(method) && r.path().equals(template));
  }

  /**
   * Whether {@code path} fits {@code template}: the one matcher, {@link PathTemplate} (as the
   * router matches: never narrower, or a request could reach a route without its row).
   */
  static boolean matches(String template, String path) {
    return PathTemplate.fits(template, path);
  }
}
