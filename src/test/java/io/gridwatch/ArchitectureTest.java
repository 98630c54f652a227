package io.gridwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.NeedsDatabase;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the compiled classes (ArchUnit), so that a change
 * that breaks one fails the build instead of waiting for a review.
 */
class ArchitectureTest {
  private static JavaClasses production;
  private static JavaClasses tests;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.gridwatch");
    tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("io.gridwatch");
  }

  /**
   * No package depends on itself through others: shared types live in neutral homes (the grid
   * model in geo.model, store errors in store, mapped to HTTP only by http), and where a lower
   * package needs something of a higher one it declares an interface (auth.KnownCells).
   */
  @Test
  void no_package_cycles() {
    slices().matching("io.gridwatch.(**)").should().beFreeOfCycles().check(production);
  }

  /** The pure cores (ARCHITECTURE.md, convention 5) know nothing of Vert.x. */
  @Test
  void the_pure_cores_do_not_use_vertx() {
    noClasses().that().resideInAnyPackage("io.gridwatch.cases.workflow..", "io.gridwatch.cases.clock..",
            "io.gridwatch.geo.importing..", "io.gridwatch.geo.crs..", "io.gridwatch.dispatch")
        .or().haveFullyQualifiedName("io.gridwatch.geo.GridIndex")
        .or().haveFullyQualifiedName("io.gridwatch.geo.CellLocator")
        .or().resideInAPackage("io.gridwatch.geo.model")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
        .because("the workflow, the clocks, the grid import, the CRS and the ranking are plain Java")
        .check(production);
  }

  /** The SQL client's types that only a store may touch: querying, reading rows, transactions. */
  private static final Set<String> SQL_CLIENT = Set.of("io.vertx.sqlclient.SqlClient",
      "io.vertx.sqlclient.SqlConnection", "io.vertx.sqlclient.Row", "io.vertx.sqlclient.RowSet",
      "io.vertx.sqlclient.Tuple", "io.vertx.sqlclient.Transaction", "io.vertx.sqlclient.PreparedQuery",
      "io.vertx.sqlclient.Query", "io.vertx.sqlclient.templates.SqlTemplate");

  /** What counts as a store: a class named *Store, *Stores or *Log, or one in a store package. */
  private static final DescribedPredicate<JavaClass> STORES = DescribedPredicate.describe(
      "stores (named *Store, *Stores or *Log, or in a ..store.. package)", c -> {
        JavaClass top = top(c);
        String name = top.getSimpleName();
        return name.endsWith("Store") || name.endsWith("Stores") || name.endsWith("Log")
            || top.getPackageName().matches("io\\.gridwatch(\\..+)?\\.store(\\..+)?");
      });

  /**
   * Classes that still query or read rows although they are not named as stores: the timers and
   * relays that claim rows in their own transactions, auth's account services, and the row readers
   * the stores share. Each is its capability's only SQL outside its stores; moving them behind a
   * store is listed in docs/architecture.md. The list may only shrink: a new class must be a store.
   */
  private static final Set<String> NOT_YET_STORES = Set.of(
      "io.gridwatch.auth.AccountListener", "io.gridwatch.auth.AuthService", "io.gridwatch.auth.LoginThrottle",
      "io.gridwatch.auth.UserAdmin", "io.gridwatch.cases.AcceptanceTimeouts", "io.gridwatch.cases.DeadlineRows",
      "io.gridwatch.escalation.DeadlineSweeper", "io.gridwatch.evidence.EvidenceRecords",
      "io.gridwatch.live.OutboxRelay", "io.gridwatch.notifications.NotificationDispatcher",
      "io.gridwatch.notifications.NotificationRule", "io.gridwatch.notifications.NotificationRules",
      "io.gridwatch.notifications.NotificationSender", "io.gridwatch.open311.Open311Clients");

  /**
   * Only stores touch the SQL client: they query, read rows and run transactions, and hand the
   * rest of the code domain records. Others may hold a {@code Pool} to give to a store (wiring),
   * but call none of its methods. No endpoint and no demo class is excepted.
   */
  @Test
  void only_stores_use_the_sql_client() {
    noClasses().that(DescribedPredicate.not(STORES))
        .and(DescribedPredicate.describe("not listed in NOT_YET_STORES",
            c -> !NOT_YET_STORES.contains(top(c).getName())))
        .should().dependOnClassesThat(DescribedPredicate.describe("the SQL client " + SQL_CLIENT,
            t -> SQL_CLIENT.contains(t.getName())))
        .orShould().callMethodWhere(DescribedPredicate.describe("a method of the Pool",
            call -> call.getTargetOwner().getName().equals("io.vertx.sqlclient.Pool")
                && !call.getName().equals("close")))
        .because("SQL lives behind the stores of its capability (docs/architecture.md)")
        .check(production);
  }

  /** Stores every capability writes through: the audit trail and the event outbox (one transaction with the change). */
  private static final Set<String> SHARED_STORES = Set.of("io.gridwatch.audit.AuditLog",
      "io.gridwatch.store.EventOutbox");

  /**
   * Endpoints do not reach into another capability's stores: they ask that capability's service
   * (e.g. {@code CaseService}), or their own store. Only the audit trail is written by all.
   */
  @Test
  void endpoints_use_only_their_own_capabilitys_stores() {
    classes().that().haveSimpleNameEndingWith("Endpoint")
        .should(new ArchCondition<JavaClass>("use only the stores of their own capability") {
          @Override
          public void check(JavaClass endpoint, ConditionEvents events) {
            String own = capability(endpoint);
            for (Dependency d : endpoint.getDirectDependenciesFromSelf()) {
              JavaClass target = d.getTargetClass();
              if (target.getPackageName().startsWith("io.gridwatch.") && STORES.test(target)
                  && !capability(target).equals(own) && !SHARED_STORES.contains(top(target).getName())) {
                events.add(SimpleConditionEvent.violated(endpoint, d.getDescription()));
              }
            }
          }
        })
        .check(production);
  }

  /** io.gridwatch.X... → X (the capability: the first package below io.gridwatch). */
  private static String capability(JavaClass c) {
    String rest = c.getPackageName().substring("io.gridwatch".length());
    if (rest.isEmpty()) {
      return "";
    }
    rest = rest.substring(1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static JavaClass top(JavaClass c) {
    JavaClass t = c;
    while (t.getEnclosingClass().isPresent()) {
      t = t.getEnclosingClass().get();
    }
    return t;
  }

  /**
   * The fast layer (mvn -Pfast test) runs what is not tagged: a test that needs more must say so.
   * (Names, not class literals: this test must not itself count as using the database.)
   */
  @Test
  void tests_that_need_a_database_are_tagged() {
    classes().that().haveSimpleNameEndingWith("Test")
        .and().areTopLevelClasses()
        .and(reach("io.gridwatch.testing.TestDatabase", "io.gridwatch.testing.TestServer",
            "io.gridwatch.testing.ServerProcess"))
        .should().beAnnotatedWith(NeedsDatabase.class).orShould().beAnnotatedWith(NeedsBrowser.class)
        .check(tests);
  }

  @Test
  void tests_that_drive_a_browser_are_tagged() {
    classes().that().haveSimpleNameEndingWith("Test")
        .and().areTopLevelClasses()
        .and(reachPackage("com.microsoft.playwright"))
        .should().beAnnotatedWith(NeedsBrowser.class)
        .check(tests);
  }

  /** Classes that use one of {@code targets}, directly or through other classes of ours. */
  private static DescribedPredicate<JavaClass> reach(String... classNames) {
    Set<String> names = Set.of(classNames);
    return DescribedPredicate.describe("reach " + names, c -> c.getTransitiveDependenciesFromSelf().stream()
        .map(Dependency::getTargetClass).anyMatch(t -> names.contains(t.getName())));
  }

  private static DescribedPredicate<JavaClass> reachPackage(String pkg) {
    return DescribedPredicate.describe("reach " + pkg, c -> c.getTransitiveDependenciesFromSelf().stream()
        .map(Dependency::getTargetClass).anyMatch(t -> t.getPackageName().startsWith(pkg)));
  }
}
