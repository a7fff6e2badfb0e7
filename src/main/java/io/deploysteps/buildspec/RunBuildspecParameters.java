package io.deploysteps.buildspec;

import static io.deploysteps.catalogue.Parameter.duration;
import static io.deploysteps.catalogue.Parameter.flag;
import static io.deploysteps.catalogue.Parameter.map;
import static io.deploysteps.catalogue.Parameter.text;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.StepCatalogue;

/** runBuildspec's parameters: the one place their keys, types, defaults and help are written. */
public final class RunBuildspecParameters {
  private RunBuildspecParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("runBuildspec",
      text("file", "The buildspec, relative to sourceDir.").byDefault("buildspec.yml").option("--buildspec")
          .label("FILE"),
      text("sourceDir", "CODEBUILD_SRC_DIR, relative to the workspace.").defaultNote("the workspace").label("DIR"),
      map("env", "Project variables `[KEY: 'value']` (what a CodeBuild project defines outside the file); they win"
          + " over the file's env.variables.").label("K=V"),
      text("region", "AWS_REGION of the build, and of its SSM, Secrets Manager and ECR calls.")
          .defaultNote("`AWS_REGION`").libraryDefault("env.AWS_REGION").label("REGION"),
      AwsParameters.CREDENTIALS,
      AwsParameters.CREDENTIALS_ID,
      flag("strict", "Refuse a buildspec with keys this runner does not support (exit 2) instead of warning.")
          .byDefault(false),
      text("image", "Run the whole build in this container, workspace and Docker socket mounted.").label("IMAGE"),
      text("initiator", "CODEBUILD_INITIATOR.").defaultNote("`jenkins/<JOB_NAME>`").label("TEXT"),
      text("artifactsDir", "Where artifacts and reports are staged, in the workspace (emptied first).")
          .byDefault("runbuildspec-artifacts").label("DIR"),
      duration("timeout", "The whole build's limit, e.g. `90m`.").byDefault("60m"),
      flag("exportToEnv", "Set env.X for each of the buildspec's exported variables.").byDefault(false)
          .only(Door.LIBRARY))
      .and(AwsParameters.ROLE_KEYS);
}
