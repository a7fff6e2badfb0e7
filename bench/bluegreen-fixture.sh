# Shared by bench/zero-downtime and bench/deploy-overhead (sourced, not run): the local stack's
# env, the CLI jar, two busybox httpd images (FROM scratch, as the tests build them), an nginx of
# the bench's own proxying to $service_url from an include, and cleanup of all of it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval "$("${DEPLOY_STEPS_LOCAL_STACK:-$ROOT/scripts/local-stack}" env)"
JAR="$ROOT/target/deploy-steps.jar"
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
WORK="$(mktemp -d /tmp/bench-bg.XXXXXX)"
NGINX_PORT="${NGINX_PORT:-18190}"
INCLUDE="$WORK/nginx/service-url.inc"
NGINX=("${DEPLOY_STEPS_NGINX_BIN:-nginx}" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log")

# bench_image NAME TAG COMMAND: builds NAME:TAG (FROM scratch, busybox) answering "hello from TAG" on / and
# "ok" on /health, started as `sh -c COMMAND` (which reads $PORT).
bench_image() {
  local name="$1" tag="$2" command="$3"
  mkdir -p "$WORK/img-$tag/www"
  cp "$DEPLOY_STEPS_BUSYBOX" "$WORK/img-$tag/busybox"
  echo "hello from $tag" > "$WORK/img-$tag/www/index.html"
  echo ok > "$WORK/img-$tag/www/health"
  cat > "$WORK/img-$tag/Dockerfile" <<DOCKERFILE
FROM scratch
COPY busybox /bin/busybox
COPY www /www
ENV PATH=/bin
ENTRYPOINT ["/bin/busybox", "sh", "-c"]
CMD ["$command"]
DOCKERFILE
  docker build -q -t "$name:$tag" "$WORK/img-$tag" >/dev/null 2>&1
}

# bench_images NAME: builds NAME:v1 and NAME:v2.
bench_images() {
  local v
  for v in v1 v2; do
    bench_image "$1" "$v" 'exec busybox httpd -f -p 127.0.0.1:${PORT:-3000} -h /www'
  done
}

# bench_flaky_image NAME: builds NAME:flaky, which answers like the others for about a second, then exits 1.
bench_flaky_image() {
  bench_image "$1" flaky 'busybox httpd -p 127.0.0.1:${PORT:-3000} -h /www; busybox sleep 1; exit 1'
}

# bench_nginx FIRST_PORT: starts nginx on 127.0.0.1:$NGINX_PORT with the include pointing at FIRST_PORT.
bench_nginx() {
  mkdir -p "$WORK/nginx"
  echo "set \$service_url http://127.0.0.1:$1;" > "$INCLUDE"
  cat > "$WORK/nginx/nginx.conf" <<NGINXCONF
user root;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy; fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    include $INCLUDE;
    # Names the colour that answered (bench/zero-downtime-kinds times the switch by it).
    location / { proxy_pass \$service_url; add_header X-Deploy-Steps-Upstream \$upstream_addr always; }
  }
}
NGINXCONF
  "${NGINX[@]}"
}

# bench_deploy ARGS...: the CLI as the shared library runs it (RELOAD_COMMAND: another reload argv) (the launcher: short-lived JVM flags
# and an AppCDS archive in $WORK/cds made by the first run), with this bench's proxy settings.
# DEPLOY_STEPS_JAVA_OPTS and DEPLOY_STEPS_CDS=off change what the launcher does, as on an agent.
bench_deploy() {
  DEPLOY_STEPS_JAR="$JAR" DEPLOY_STEPS_CDS_DIR="${DEPLOY_STEPS_CDS_DIR:-$WORK/cds}" \
    "$ROOT/bin/deploy-steps" blue-green-deploy --proxy-include-file "$INCLUDE" \
    --proxy-test-command "${NGINX[*]} -t" --proxy-reload-command "${RELOAD_COMMAND:-${NGINX[*]} -s reload}" "$@"
}

# bench_cleanup NAME: removes NAME-* containers, the images, nginx and the work dir.
bench_cleanup() {
  local name="$1"
  docker ps -aq --filter "name=^/?$name-" | xargs -r docker rm -f >/dev/null 2>&1
  docker rmi -f "$name:v1" "$name:v2" "$name:flaky" >/dev/null 2>&1
  [[ -f "$WORK/nginx/nginx.pid" ]] && "${NGINX[@]}" -s stop 2>/dev/null
  rm -rf "$WORK"
}

# median: of the numbers on stdin.
median() {
  sort -n | awk '{a[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'
}
