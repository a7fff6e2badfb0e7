package io.deploysteps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The package rules of issue 14: no cycle between the engine's packages; engine/ holds only the
 * shared types (it imports none of ours), so every other package may use it; and context/ carries
 * the seams without choosing them: the wiring (which transport, which runner, which probe) stays in
 * the doors (cli/, the plugin), so neither engine/ nor context/ may reach a door, a step or a
 * transport.
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

  /** The packages of one step each (and haproxy/, blueGreenDeploy's own client): never below the context. */
  private static final String[] STEPS = {"io.deploysteps.bluegreen..", "io.deploysteps.buildspec..",
      "io.deploysteps.dbaudit..", "io.deploysteps.ecr..", "io.deploysteps.ecs..", "io.deploysteps.prune..",
      "io.deploysteps.haproxy.."};

  /** What implements a seam: which one a step gets is the door's choice. */
  private static final String TRANSPORTS = "io\\.deploysteps\\.(docker\\.(DockerCli|EngineApi\\w*|\\w+RegistrySession|CredentialServer"
      + "|RoleDocker|ImageBuilder|HttpManifestTags)|exec\\.LocalCommandRunner|fs\\.LocalHostFiles|aws\\.SdkAwsClients|http\\.\\w+HttpProbe)([$].*)?";

  @Test
  public void engineAndContextReachNoDoorNoStepNoTransport() {
    noClasses().that().resideInAnyPackage("io.deploysteps.engine..", "io.deploysteps.context..")
        .should().dependOnClassesThat().resideInAnyPackage("io.deploysteps.cli..", "io.deploysteps.jenkins..")
        .orShould().dependOnClassesThat().resideInAnyPackage(STEPS)
        .orShould().dependOnClassesThat().haveNameMatching(TRANSPORTS)
        .because("the doors wire the context; engine/ and context/ only carry the seams")
        .check(classes);
  }

  @Test
  public void contextCarriesOnlyTheSeams() {
    noClasses().that().resideInAPackage("io.deploysteps.context..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.deploysteps.context..", "io.deploysteps.engine..",
            "io.deploysteps.aws..", "io.deploysteps.docker..", "io.deploysteps.exec..", "io.deploysteps.fs..",
            "io.deploysteps.http..", "io.deploysteps.log..", "io.deploysteps.time..", "java..")
        .because("a new step package (or anything else) must not creep under the context every step shares")
        .check(classes);
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
