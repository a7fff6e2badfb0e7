#!/bin/sh
# Runs the deploy-steps CLI jar ($DEPLOY_STEPS_JAR) with what a short-lived JVM wants:
# - C1-only JIT and the serial GC (DEPLOY_STEPS_JAVA_OPTS, even empty, replaces them);
# - an AppCDS archive of the classes the subcommand loads, made by its first run on this machine
#   (-XX:ArchiveClassesAtExit) and mapped by every later one: class loading is most of a cold
#   CLI's own time (bench/deploy-overhead). One archive per subcommand, jar and java binary, in
#   DEPLOY_STEPS_CDS_DIR (default ~/.cache/deploy-steps, mode 700); DEPLOY_STEPS_CDS=off runs
#   without. A stale or foreign archive is refused by the JVM itself and the run goes on without it.
# The arguments go to the jar unchanged, as argv: nothing here is evaluated.
set -u

jar="${DEPLOY_STEPS_JAR:?DEPLOY_STEPS_JAR must name the deploy-steps CLI jar}"
java="${DEPLOY_STEPS_JAVA:-java}"
subcommand="${1:-}"
for a in "$@"; do
  case "$a" in
    -h | --help | -V | --version) subcommand="" ;; # not a run worth an archive
  esac
done

archive=""
dump=""
case "$subcommand" in
  build-and-push-ecr | blue-green-deploy | db-connection-audit | prune-docker)
    if [ "${DEPLOY_STEPS_CDS:-on}" != off ]; then
      dir="${DEPLOY_STEPS_CDS_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/deploy-steps}"
      java_bin="$(command -v "$java" 2>/dev/null || true)"
      # The JVM checks the jar's size and time itself; the key also keeps JDKs apart.
      key="$(stat -L -c '%n %s %Y' "$jar" "$java_bin" 2>/dev/null | cksum | cut -d' ' -f1)"
      archive="$dir/$subcommand-$key.jsa"
      if [ ! -f "$archive" ]; then
        archive=""
        if (umask 077 && mkdir -p "$dir") 2>/dev/null && [ -w "$dir" ]; then
          dump="$dir/$subcommand-$key.jsa.$$"
        fi
      fi
    fi
    ;;
esac

# run CDS_OPTION ARG...: java with the CDS option (or none when empty), the JVM options, the jar, the arguments.
run() {
  cds="$1"
  shift
  # shellcheck disable=SC2086 # the options are words, as in JAVA_OPTS
  if [ -n "$cds" ]; then
    "$java" "$cds" '-Xlog:cds*=off' ${DEPLOY_STEPS_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -jar "$jar" "$@"
  else
    "$java" ${DEPLOY_STEPS_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -jar "$jar" "$@"
  fi
}

status=0
if [ -n "$archive" ]; then
  run "-XX:SharedArchiveFile=$archive" "$@" || status=$?
elif [ -n "$dump" ]; then
  run "-XX:ArchiveClassesAtExit=$dump" "$@" || status=$?
  # Kept from a whole run only (done, or done with warnings): a run that stopped at bad input
  # loaded too few classes to be worth mapping for ever.
  if [ -s "$dump" ] && { [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; }; then
    # Older archives of this subcommand belong to another jar or JDK: replace them.
    for old in "$dir/$subcommand"-*.jsa; do
      [ -f "$old" ] && rm -f "$old"
    done
    mv -f "$dump" "${dump%.*}" 2>/dev/null || rm -f "$dump"
  else
    rm -f "$dump"
  fi
else
  run "" "$@" || status=$?
fi
exit "$status"
