#!/bin/sh
# Runs the deploy-steps CLI jar ($DEPLOY_STEPS_JAR) with what a short-lived JVM wants:
# - C1-only JIT and the serial GC (DEPLOY_STEPS_JAVA_OPTS, even empty, replaces them);
# - an AppCDS archive of the classes the subcommand loads, made by its first run on this machine
#   (-XX:ArchiveClassesAtExit) and mapped by every later one: class loading is most of a cold
#   CLI's own time (bench/deploy-overhead). On JDK 25 and later an AOT cache instead
#   (-XX:AOTCacheOutput, then -XX:AOTCache): classes loaded and linked ahead, with method profiles. One archive per subcommand, jar and java binary, in
#   DEPLOY_STEPS_CDS_DIR (default ~/.cache/deploy-steps; used only when the directory and the
#   archive are this user's and nobody else may write to it); DEPLOY_STEPS_CDS=off runs without.
#   A stale archive (another jar or JDK) is refused by the JVM itself and the run goes on without it.
# The arguments go to the jar unchanged, as argv: nothing here is evaluated.
set -u

# The AWS keys of `credentials env`, the database password and a registry's are for the JVM alone: the tools
# this script runs first (dirname, stat, cksum, find) get an environment without them.
secret_key="${AWS_SECRET_ACCESS_KEY-}" has_secret_key="${AWS_SECRET_ACCESS_KEY+1}"
session_token="${AWS_SESSION_TOKEN-}" has_session_token="${AWS_SESSION_TOKEN+1}"
db_password="${DEPLOY_STEPS_DB_PASSWORD-}" has_db_password="${DEPLOY_STEPS_DB_PASSWORD+1}"
registry_password="${DEPLOY_STEPS_REGISTRY_PASSWORD-}" has_registry_password="${DEPLOY_STEPS_REGISTRY_PASSWORD+1}"
unset AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN DEPLOY_STEPS_DB_PASSWORD DEPLOY_STEPS_REGISTRY_PASSWORD

jar="${DEPLOY_STEPS_JAR:?DEPLOY_STEPS_JAR must name the deploy-steps CLI jar}"
java="${DEPLOY_STEPS_JAVA:-java}"
subcommand="${1:-}"
for a in "$@"; do
  case "$a" in
    -h | --help | -V | --version) subcommand="" ;; # not a run worth an archive
  esac
done

# The registry credential helper that ships beside this script (docker-credential-deploysteps):
# the CLI puts its directory first on the PATH of the docker processes that log in to a registry,
# and serves it the token from memory (no file, no argument, no environment variable holds it).
here="$(cd "$(dirname "$0")" 2>/dev/null && pwd)" || here=""
helper="$here/docker-credential-deploysteps"
if [ -n "$here" ] && [ -f "$helper" ] && [ -O "$helper" ]; then
  [ -x "$helper" ] || chmod u+x "$helper" 2>/dev/null || true
  [ -x "$helper" ] && export DEPLOY_STEPS_CREDENTIAL_HELPER="$helper"
fi

# The JVM options first, then the jar and the arguments as they came.
# shellcheck disable=SC2086 # the options are words, as in JAVA_OPTS
set -- ${DEPLOY_STEPS_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -jar "$jar" "$@"

dump=""
case "$subcommand" in
  build-and-push-ecr | blue-green-deploy | db-connection-audit | prune-docker | ecs-deploy | run-buildspec)
    dir="${DEPLOY_STEPS_CDS_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/deploy-steps}"
    # Only a directory of this user's that nobody else may write to, and only this user's archive:
    # the JVM maps the archive's classes as they are.
    if [ "${DEPLOY_STEPS_CDS:-on}" != off ] && (umask 077 && mkdir -p "$dir") 2>/dev/null && [ -O "$dir" ] \
      && [ -z "$(find "$dir" -prune \( -perm -020 -o -perm -002 \) 2>/dev/null)" ]; then
      java_bin="$(command -v "$java" 2>/dev/null || true)"
      # The JVM checks the jar's size and time itself; the key also keeps JDKs apart.
      key="$(stat -L -c '%n %s %Y' "$jar" "$java_bin" 2>/dev/null | cksum | cut -d' ' -f1)"
      # JDK 25 and later: an AOT cache (JEP 483/514/515: classes loaded and linked, and method profiles,
      # from the first run) instead of the AppCDS archive; the JDK's release file says which JDK
      # this is without starting one.
      # (Only of a java found on PATH: an empty path would read ./release, a file of the workspace.)
      major=""
      [ -n "$java_bin" ] && major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$(readlink -f "$java_bin" 2>/dev/null)")")/release" 2>/dev/null)"
      # The JVM prints how it makes the cache (six lines, once) on its own output: stderr, as the
      # log is, never stdout, which may be the --json result.
      if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
        archive="$dir/$subcommand-$key.aot" use=-XX:AOTCache= make=-XX:AOTCacheOutput= quiet='-Xlog:aot*=off,cds*=off'
      else
        archive="$dir/$subcommand-$key.jsa" use=-XX:SharedArchiveFile= make=-XX:ArchiveClassesAtExit= quiet='-Xlog:cds*=off'
      fi
      if [ -f "$archive" ] && [ -O "$archive" ]; then
        set -- "$use$archive" "$quiet" "$@"
      elif [ "$make" = -XX:AOTCacheOutput= ] \
        && [ -n "$has_secret_key$has_session_token$has_db_password$has_registry_password" ]; then
        # JDK 25 assembles the cache in a child JVM started with this JVM's original environment,
        # secrets included (seen in its /proc/PID/environ): a run given a secret makes none; the
        # next run without one does, and every run maps it once it exists.
        :
      else
        dump="$archive.$$"
        set -- "$make$dump" '-XX:+DisplayVMOutputToStderr' "$quiet" "$@"
      fi
    fi
    ;;
esac

[ -n "$has_secret_key" ] && export AWS_SECRET_ACCESS_KEY="$secret_key"
[ -n "$has_session_token" ] && export AWS_SESSION_TOKEN="$session_token"
[ -n "$has_db_password" ] && export DEPLOY_STEPS_DB_PASSWORD="$db_password"
[ -n "$has_registry_password" ] && export DEPLOY_STEPS_REGISTRY_PASSWORD="$registry_password"
status=0
"$java" "$@" || status=$?
if [ -n "$dump" ]; then
  # Kept from a whole run only (done, or done with warnings): a run that stopped at bad input
  # loaded too few classes to be worth mapping for ever.
  if [ -s "$dump" ] && { [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; }; then
    # Older archives of this subcommand belong to another jar or JDK: replace them.
    for old in "$dir/$subcommand"-*.jsa "$dir/$subcommand"-*.aot; do
      [ -f "$old" ] && rm -f "$old"
    done
    mv -f "$dump" "$archive" 2>/dev/null || rm -f "$dump"
  else
    rm -f "$dump"
  fi
fi
exit "$status"
