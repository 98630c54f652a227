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
