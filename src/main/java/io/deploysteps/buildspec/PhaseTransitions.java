package io.deploysteps.buildspec;

/**
 * Where a build goes after a phase, as AWS CodeBuild's "Build phase transitions" page draws it
 * (docs.aws.amazon.com/codebuild/latest/userguide/view-build-details-phases.html) and the buildspec
 * reference (build-spec-ref.html, phases/*&#47;on-failure and phases/*&#47;finally) says:
 * <ul>
 *   <li>a failed command ends its phase's {@code commands}; the phase's {@code finally} still runs;
 *   <li>INSTALL or PRE_BUILD failed: straight to FINALIZING (no BUILD, no POST_BUILD, no
 *       UPLOAD_ARTIFACTS);
 *   <li>BUILD failed: POST_BUILD still runs; POST_BUILD failed: UPLOAD_ARTIFACTS still runs ("The
 *       UPLOAD_ARTIFACTS phase is always attempted, even if the BUILD phase fails");
 *   <li>{@code on-failure: ABORT} aborts the build (nothing after the phase, no artifacts);
 *       {@code CONTINUE} goes on to the next phase; RETRY forms run the phase again first;
 *   <li>{@code CODEBUILD_BUILD_SUCCEEDING} is 1 until a phase fails, then 0 (built-in variables page).
 * </ul>
 */
final class PhaseTransitions {
  /** After a phase: go on, skip to the end but stage artifacts, or abort (no artifacts). */
  enum Next { NEXT, ABORT }

  private PhaseTransitions() {}

  static Next afterFailure(String phase, OnFailure onFailure) {
    switch (onFailure.action()) {
      case CONTINUE:
        return Next.NEXT;
      case ABORT:
        return Next.ABORT;
      default:
        return phase.equals("install") || phase.equals("pre_build") ? Next.ABORT : Next.NEXT;
    }
  }
}
