package io.gridwatch.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The browser tests have one setup: BrowserExtension (Chromium, the offline guard, the
 * console errors, screenshots on failure). A test that launched its own browser would miss all of
 * it. The wall's benchmark (wall.bench, not a test) drives its own, with other flags. (The name,
 * not the class literal: this test must not itself count as driving a browser.)
 */
class BrowserSetupRuleTest {

  @Test
  void only_the_browser_extension_launches_playwright() {
    JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("io.gridwatch");
    noClasses().that().doNotHaveFullyQualifiedName("io.gridwatch.testing.BrowserExtension")
        .and().resideOutsideOfPackage("io.gridwatch.wall.bench..")
        .should().callMethod("com.microsoft.playwright.Playwright", "create")
        .orShould().callMethod("com.microsoft.playwright.Playwright", "create",
            "com.microsoft.playwright.Playwright$CreateOptions")
        .because("browser tests get their browser from io.gridwatch.testing.BrowserExtension")
        .check(tests);
  }
}
