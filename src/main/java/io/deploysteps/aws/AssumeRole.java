package io.deploysteps.aws;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IAM role a step assumes before its AWS calls, with the keys of pipeline-aws-plugin's
 * {@code withAWS(role:, roleAccount:, externalId:, duration:, roleSessionName:)}. The session
 * credentials STS gives back are held in memory only ({@link AssumedRoleCredentials}).
 */
public final class AssumeRole {
  /** The Map keys every AWS step takes for it (CLI: kebab-case). */
  public static final List<String> KEYS = List.of("role", "roleAccount", "externalId", "duration", "roleSessionName");

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@/-]{1,64}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  // STS: 2-1224 characters of [\w+=,.@:/-]; session names 2-64 of [\w+=,.@-].
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern SESSION = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Duration MIN = Duration.ofMinutes(15);
  private static final Duration MAX = Duration.ofHours(12);

  private final String role;
  private final String roleAccount;
  private final String externalId;
  private final Duration duration;
  private final String sessionName;

  private AssumeRole(String role, String roleAccount, String externalId, Duration duration, String sessionName) {
    this.role = role;
    this.roleAccount = roleAccount;
    this.externalId = externalId;
    this.duration = duration;
    this.sessionName = sessionName;
  }

  /** The role {@code p} asks for, empty without {@code role}; every error names its key. */
  public static Optional<AssumeRole> from(Params p) {
    if (!p.has("role")) {
      for (String k : List.of("roleAccount", "externalId", "duration", "roleSessionName")) {
        if (p.has(k)) {
          throw new InvalidParameterException(k, "needs role (the IAM role name or ARN to assume)");
        }
      }
      return Optional.empty();
    }
    String role = p.string("role");
    boolean arn = role.startsWith("arn:");
    if (arn ? !ROLE_ARN.matcher(role).matches() : !ROLE_NAME.matcher(role).matches()) {
      throw new InvalidParameterException("role", "'" + role + "' is not an IAM role name or role ARN"
          + " (arn:aws:iam::123456789012:role/NAME)");
    }
    String account = p.string("roleAccount", null);
    if (account != null && !ACCOUNT.matcher(account).matches()) {
      throw new InvalidParameterException("roleAccount", "'" + account + "' is not a 12-digit AWS account id");
    }
    if (account != null && arn) {
      throw new InvalidParameterException("roleAccount", "the role ARN names its account already; give a role name"
          + " with roleAccount, or the ARN alone");
    }
    String externalId = p.string("externalId", null);
    if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
      throw new InvalidParameterException("externalId", "must be 2 to 1224 letters, digits or +=,.@:/-_ (value not shown)");
    }
    Duration duration = p.duration("duration", Duration.ofHours(1));
    if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
      throw new InvalidParameterException("duration", "must be 15m to 12h (900 to 43200 seconds), got " + p.raw("duration"));
    }
    String session = p.string("roleSessionName", null);
    if (session != null && !SESSION.matcher(session).matches()) {
      throw new InvalidParameterException("roleSessionName", "'" + session + "' is not 2 to 64 letters, digits or +=,.@-_");
    }
    return Optional.of(new AssumeRole(role, account, externalId, duration, session));
  }

  /** The role's ARN; a bare name is looked up in {@code roleAccount}, else in {@code callerAccount} (the keys' own account). */
  public String arn(String region, java.util.function.Supplier<String> callerAccount) {
    if (role.startsWith("arn:")) {
      return role;
    }
    String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    String account = roleAccount != null ? roleAccount : callerAccount.get();
    return "arn:" + partition + ":iam::" + account + ":role/" + role;
  }

  /** As withAWS names it, from the build: {@code deploy-steps-<BUILD_TAG>} made STS-safe. */
  public String sessionName(Map<String, String> env) {
    if (sessionName != null) {
      return sessionName;
    }
    String tag = env.getOrDefault("BUILD_TAG", "").replaceAll("[^\\w+=,.@-]", "-");
    String name = tag.isEmpty() ? "deploy-steps" : "deploy-steps-" + tag;
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  public Duration duration() {
    return duration;
  }

  @Override
  public String toString() {
    return "role " + role + (roleAccount == null ? "" : " in " + roleAccount);
  }
}
