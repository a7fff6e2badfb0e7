package io.deploysteps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The package rules of issue 14: no cycle between the engine's packages, and engine/ holds only
 * the shared types (it imports none of ours), so every other package may use it.
 */
public class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeClass
  public static void importMain() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.deploysteps");
  }

  @Test
  public void noPackageCycles() {
    slices().matching("io.deploysteps.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  public void engineHoldsOnlySharedTypes() {
    noClasses().that().resideInAPackage("io.deploysteps.engine..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.deploysteps.engine..", "java..",
            "com.fasterxml.jackson..")
        .because("engine/ is the bottom layer every other package may use")
        .check(classes);
  }
}
