package io.deploysteps.dbaudit;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ecs} entry of dbConnectionAudit: an app running as an ECS service, each of its tasks with a
 * pool of {@code pool} connections. How many tasks is not given but read from DescribeServices when the
 * audit runs ({@link EcsTaskCounts}): as many as a deploy of the service may run at once.
 */
public final class EcsPool {
  // Cluster and service names (letters, digits, '_' and '-', up to 255) or their ARNs, as ecsDeploy takes them.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:(cluster|service)/[A-Za-z0-9_/-]{1,511}");
  // The CLI's text form: NAME=CLUSTER/SERVICE:POOL (the cluster may be an ARN, so split at the last '/' and ':').
  private static final Pattern TEXT = Pattern.compile("([^=]+)=(.+)/([^/:]+):([^:/]+)");

  private final String name;
  private final String cluster;
  private final String service;
  private final int pool;

  private EcsPool(String name, String cluster, String service, int pool) {
    this.name = name;
    this.cluster = cluster;
    this.service = service;
    this.pool = pool;
  }

  /**
   * The {@code ecs} entries of {@code p}: maps {@code [name: 'api', cluster: 'shop', service: 'api', pool: 10]}
   * (name defaults to the service), or text {@code api=shop/api:10}; every error names {@code ecs.<name>}.
   */
  static List<EcsPool> parse(Params p) {
    List<EcsPool> out = new ArrayList<>();
    if (!p.has("ecs")) {
      return out;
    }
    Object raw = p.raw("ecs");
    Collection<?> items = raw instanceof Collection ? (Collection<?>) raw
        : raw instanceof Map ? List.of(raw) : p.strings("ecs", List.of());
    for (Object item : items) {
      EcsPool e = item instanceof Map ? fromMap((Map<?, ?>) item) : fromText(item.toString().strip());
      if (out.stream().anyMatch(o -> o.name.equals(e.name))) {
        throw new InvalidParameterException("ecs", "app '" + e.name + "' is given twice");
      }
      out.add(e);
    }
    return out;
  }

  private static EcsPool fromMap(Map<?, ?> m) {
    Map<String, Object> entry = new LinkedHashMap<>();
    m.forEach((k, v) -> entry.put(String.valueOf(k), v));
    for (String k : entry.keySet()) {
      if (!List.of("name", "cluster", "service", "pool").contains(k)) {
        throw new InvalidParameterException("ecs", "unknown key '" + k + "' in " + entry + "; an entry has name,"
            + " cluster, service and pool");
      }
    }
    String service = text(entry, "service");
    String name = entry.get("name") == null ? shortName(service) : entry.get("name").toString().strip();
    return of(name, text(entry, "cluster"), service, entry.get("pool"));
  }

  private static String text(Map<String, Object> entry, String key) {
    Object v = entry.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new InvalidParameterException("ecs", key + " is required in " + entry + ", e.g. [name: 'api', cluster:"
          + " 'shop', service: 'api', pool: 10]");
    }
    return v.toString().strip();
  }

  private static EcsPool fromText(String s) {
    Matcher m = TEXT.matcher(s);
    if (!m.matches()) {
      throw new InvalidParameterException("ecs", "expected NAME=CLUSTER/SERVICE:POOL (e.g. api=shop/api:10), got '"
          + s + "'");
    }
    return of(m.group(1).strip(), m.group(2).strip(), m.group(3).strip(), m.group(4).strip());
  }

  private static EcsPool of(String name, String cluster, String service, Object pool) {
    // AppPool checks the name and the pool as it does for apps (one instance here: the count comes from ECS).
    AppPool checked = AppPool.parse("ecs", name, pool);
    String where = "ecs." + name;
    for (String[] kv : new String[][] {{"cluster", cluster}, {"service", service}}) {
      if (!NAME.matcher(kv[1]).matches() && !ARN.matcher(kv[1]).matches()) {
        throw new InvalidParameterException(where, "'" + kv[1] + "' is not an ECS " + kv[0] + " name (letters, digits,"
            + " '_' and '-', at most 255) or ARN");
      }
    }
    if (checked.instances() != 1) {
      throw new InvalidParameterException(where, "pool is one task's pool; the number of tasks comes from ECS");
    }
    return new EcsPool(name, cluster, service, checked.pool());
  }

  static String shortName(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }

  public String name() {
    return name;
  }

  public String cluster() {
    return cluster;
  }

  public String service() {
    return service;
  }

  public int pool() {
    return pool;
  }

  @Override
  public String toString() {
    return name + "=" + cluster + "/" + service + ":" + pool;
  }
}
