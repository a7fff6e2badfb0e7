package io.deploysteps.ecr;

import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.engine.Params;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What buildAndPushEcr is asked to do, checked when it is made (every error names its parameter). */
public final class BuildAndPushRequest {
  /** The Map's keys (from {@link BuildAndPushParameters#CATALOGUE}). */
  public static final Set<String> KEYS = Set.copyOf(BuildAndPushParameters.CATALOGUE.keys());

  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern REGISTRY =
      Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_]+/[a-z0-9_]+(?:/[a-z0-9_.]+)?");
  // ECS container definition names: up to 255 letters, digits, underscores and hyphens.
  private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern KMS_KEY = Pattern.compile("arn:aws[a-z-]*:kms:.+|alias/[A-Za-z0-9/_-]+|[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32}");

  final EcrRepositoryName repository;
  final String region;
  final String accountId;
  final String registry;
  final List<String> tags;
  final String context;
  final String dockerfile;
  final Map<String, String> buildArgs;
  final String target;
  final String platform;
  final Map<String, String> labels;
  /** Pull {@code :latest} of the repository and build from its cache (the old boolean cacheFrom). */
  final boolean cacheFromLatest;
  /** Image references for {@code --cache-from}, as Docker takes them. */
  final List<String> cacheFrom;
  final List<String> cacheTo;
  final boolean pull;
  final boolean noCache;
  final boolean push;
  final boolean pushOnly;
  final String builder;
  /** Null without a gate. */
  final ScanGate scanGate;
  final String registryUser;
  final boolean createRepository;
  final boolean scanOnPush;
  final String imageTagMutability;
  final String encryptionType;
  final String kmsKey;
  final String imageDefinitions;
  final String containerName;
  final String imageDetail;
  final AwsCredentialsSpec credentials;

  private BuildAndPushRequest(Params p) {
    String askedRegion = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region")) : null;
    String askedAccount = account(p);
    if (p.has("repositoryUri")) {
      RepositoryUri uri = RepositoryUri.parse("repositoryUri", p.string("repositoryUri"));
      for (String k : List.of("repository", "registry")) {
        if (p.has(k)) {
          throw new InvalidParameterException(k, "give repositoryUri or repository (with registry for a plain"
              + " registry), not both");
        }
      }
      repository = uri.repository;
      registry = uri.account.isPresent() ? null : uri.host;
      accountId = agree(askedAccount, uri.account, p.has("registryId") ? "registryId" : "accountId", "account");
      region = agree(askedRegion, uri.region, "region", "region");
    } else {
      String name = p.string("repository", null);
      if (RepositoryUri.looksLikeUri(name)) {
        throw new InvalidParameterException("repository", "'" + name.strip() + "' is a registry host and a repository;"
            + " give it as repositoryUri (the account and region are read from an ECR host), or the name alone here");
      }
      repository = EcrRepositoryName.parse("repository", name);
      registry = registry(p.string("registry", null));
      region = askedRegion;
      accountId = askedAccount;
    }
    tags = p.has("tags") ? checkTags(p.strings("tags", List.of())) : List.of();
    context = p.string("context", ".");
    dockerfile = p.string("dockerfile", null);
    buildArgs = p.stringMap("buildArgs");
    buildArgs.keySet().forEach(k -> {
      if (!ENV_NAME.matcher(k).matches()) {
        throw new InvalidParameterException("buildArgs", "'" + k + "' is not a valid build argument name");
      }
    });
    List<String> steering = buildArgs.keySet().stream().filter(io.deploysteps.docker.BuildSpec::steersTheClient)
        .sorted().collect(java.util.stream.Collectors.toList());
    if (!steering.isEmpty()) {
      throw new InvalidParameterException("buildArgs", String.join(", ", steering) + ": docker build reads a build"
          + " arg's value from its own environment, where this name would steer the docker client itself; give the"
          + " value another name (ARG in the Dockerfile), or set proxies in the daemon's or the client's config");
    }
    target = p.string("target", null);
    if (target != null && !STAGE.matcher(target).matches()) {
      throw new InvalidParameterException("target", "'" + target + "' is not a Dockerfile stage name");
    }
    platform = p.string("platform", null);
    if (platform != null && !PLATFORM.matcher(platform).matches()) {
      throw new InvalidParameterException("platform", "'" + platform + "' is not os/arch[/variant] (like linux/amd64)");
    }
    labels = p.stringMap("labels");
    labels.keySet().forEach(k -> {
      if (k.isBlank() || k.chars().anyMatch(c -> c == '=' || Character.isWhitespace(c))) {
        throw new InvalidParameterException("labels", "'" + k + "' is not a valid label key");
      }
    });
    Object cf = p.raw("cacheFrom");
    if (cf instanceof Boolean || (cf instanceof String && ((String) cf).strip().matches("(?i)true|false"))) {
      cacheFromLatest = p.bool("cacheFrom", false);
      cacheFrom = List.of();
    } else {
      cacheFromLatest = false;
      cacheFrom = images("cacheFrom", p.strings("cacheFrom", List.of()));
    }
    cacheTo = p.strings("cacheTo", List.of());
    for (String to : cacheTo) {
      if (!to.equals("inline")) {
        images("cacheTo", List.of(to));
      }
    }
    pull = p.bool("pull", false);
    noCache = p.bool("noCache", false);
    push = p.bool("push", true);
    pushOnly = p.bool("pushOnly", false);
    if (pushOnly && !push) {
      throw new InvalidParameterException("pushOnly", "pushes what an earlier push: false call built; leave out push: false");
    }
    builder = p.string("builder", "auto").toLowerCase(Locale.ROOT);
    if (!List.of("auto", "buildkit", "legacy").contains(builder)) {
      throw new InvalidParameterException("builder", "must be auto, buildkit or legacy, got '" + builder + "'");
    }
    if (builder.equals("legacy") && !cacheTo.isEmpty()) {
      throw new InvalidParameterException("cacheTo", "needs BuildKit; the legacy builder exports no cache");
    }
    scanGate = ScanGate.from(p).orElse(null);
    if (!push && scanGate != null) {
      throw new InvalidParameterException("scanGate", "scans what is pushed; with push: false give it to the pushOnly call");
    }
    createRepository = p.bool("createRepository", true);
    scanOnPush = p.bool("scanOnPush", true);
    imageTagMutability = p.string("imageTagMutability", "MUTABLE").toUpperCase(Locale.ROOT);
    if (!imageTagMutability.equals("MUTABLE") && !imageTagMutability.equals("IMMUTABLE")) {
      throw new InvalidParameterException("imageTagMutability", "must be MUTABLE or IMMUTABLE, got '" + imageTagMutability + "'");
    }
    String enc = p.string("encryption", "AES256");
    if (enc.equalsIgnoreCase("AES256") || enc.equalsIgnoreCase("KMS")) {
      encryptionType = enc.toUpperCase(Locale.ROOT);
      kmsKey = null;
    } else if (KMS_KEY.matcher(enc).matches()) {
      encryptionType = "KMS";
      kmsKey = enc;
    } else {
      throw new InvalidParameterException("encryption", "'" + enc + "' is not AES256, KMS, or a KMS key (ARN, alias/NAME or key id)");
    }
    imageDefinitions = p.string("imageDefinitions", null);
    containerName = p.string("containerName", null);
    if (imageDefinitions != null && containerName == null) {
      throw new InvalidParameterException("containerName", "is required when imageDefinitions is set (the ECS container name)");
    }
    if (containerName != null && !CONTAINER.matcher(containerName).matches()) {
      throw new InvalidParameterException("containerName", "'" + containerName + "' is not an ECS container name"
          + " (letters, digits, '_' and '-', at most 255)");
    }
    imageDetail = p.string("imageDetail", null);
    if (!push && imageDefinitions != null) {
      throw new InvalidParameterException("imageDefinitions", "points ECS at the pushed image; with push: false give"
          + " it to the pushOnly call");
    }
    if (!push && imageDetail != null) {
      throw new InvalidParameterException("imageDetail", "names the pushed digest; with push: false give it to the"
          + " pushOnly call");
    }
    credentials = AwsCredentialsSpec.parse("credentials", p.string("credentials", null))
        .assuming(io.deploysteps.aws.AssumeRole.from(p));
    registryUser = p.string("registryUser", null);
    if (registryUser != null && registry == null) {
      throw new InvalidParameterException("registryUser", "is for a plain registry (registry or a non-ECR"
          + " repositoryUri); ECR logs in with its own token");
    }
    if (registry != null && scanGate != null) {
      throw new InvalidParameterException("scanGate", "reads ECR's image scan; " + registry + " is not ECR");
    }
    if (registry != null) {
      ImageRef.parse("repository", registry + "/" + repository.value());
    }
  }

  /** Checks {@code params}; nothing is touched before this returns. */
  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static ParameterCheck check() {
    return new ParameterCheck(BuildAndPushRequest::fromMap, Map.of("repository", "shop/api"));
  }

  public static BuildAndPushRequest fromMap(Map<String, ?> params) {
    return new BuildAndPushRequest(BuildAndPushParameters.CATALOGUE.read(params));
  }

  /** accountId, or registryId (the ECR API's name for it); both must agree. */
  private static String account(Params p) {
    String accountId = p.string("accountId", null);
    String registryId = p.string("registryId", null);
    if (accountId != null && registryId != null && !accountId.equals(registryId)) {
      throw new InvalidParameterException("registryId", "is the ECR API's name for accountId; they differ ("
          + registryId + ", " + accountId + ")");
    }
    String v = accountId != null ? accountId : registryId;
    String key = accountId != null ? "accountId" : "registryId";
    if (v != null && !ACCOUNT.matcher(v).matches()) {
      throw new InvalidParameterException(key, "'" + v + "' is not a 12-digit AWS account id");
    }
    return v;
  }

  /** A value the URI names too: given both, they must agree. */
  private static String agree(String given, java.util.Optional<String> fromUri, String key, String what) {
    if (given != null && fromUri.isPresent() && !given.equals(fromUri.get())) {
      throw new InvalidParameterException(key, "'" + given + "' is not the " + what + " of repositoryUri ("
          + fromUri.get() + ")");
    }
    return given != null ? given : fromUri.orElse(null);
  }

  /** Image references with their tag or digest spelt out (a bare word is more likely a typo than an image). */
  private static List<String> images(String parameter, List<String> refs) {
    for (String ref : refs) {
      ImageRef.parse(parameter, ref);
      String last = ref.substring(ref.lastIndexOf('/') + 1);
      if (!last.contains(":") && !last.contains("@")) {
        throw new InvalidParameterException(parameter, "'" + ref + "' is neither true/false nor an image reference"
            + " with its tag (like 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:cache)");
      }
    }
    return refs;
  }

  private static String registry(String value) {
    if (value == null) {
      return null;
    }
    if (value.contains("://")) {
      throw new InvalidParameterException("registry", "'" + value + "' must be host[:port], without a scheme");
    }
    if (!REGISTRY.matcher(value).matches()) {
      throw new InvalidParameterException("registry", "'" + value + "' is not host[:port] (like 127.0.0.1:5000)");
    }
    return value;
  }

  private static List<String> checkTags(List<String> tags) {
    if (tags.isEmpty()) {
      throw new InvalidParameterException("tags", "is empty; leave it out for the git revision and latest");
    }
    for (String t : tags) {
      if (!ImageRef.TAG.matcher(t).matches()) {
        throw new InvalidParameterException("tags", "'" + t + "' is not a valid Docker tag (letters, digits, '_', '.', '-',"
            + " not starting with '.' or '-', at most 128 characters)");
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(tags));
  }

  /** True when pushing to a plain registry: no AWS call at all. */
  public boolean plainRegistry() {
    return registry != null;
  }

  public String repository() {
    return repository.value();
  }

  /** The tags asked for; empty means "the git revision and latest". */
  public List<String> tags() {
    return tags;
  }
}
