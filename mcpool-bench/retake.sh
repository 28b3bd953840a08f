#!/usr/bin/env bash
# Re-takes every measurement of docs/performance.md, one after another, on this machine, from the repository root
# after `mvn -B -pl mcpool-bench -am package -DskipTests` (sections 7 and 10 build their own modules with Maven).
# Run it on a machine doing nothing else: the JMH parts alone take tens of minutes. Each section's output (table,
# JSON, SVG, JMH JSON) goes to ${OUT:-mcpool-bench/target/retake}/<section>, the load average before and after
# it to load.txt.
#
#   mcpool-bench/retake.sh                 # every section
#   mcpool-bench/retake.sh 1 11            # only sections 1 and 11 (numbers as in performance.md; 2 includes 2b)
#
# Needs: Node.js 20+ and mcpool-testkit/node_modules (mvn verify installs it) for the server-everything runs, the
# dual-era server's node_modules for section 11b, JDK 21+ in $JAVA_VT (default: Temurin 25 here) for virtual
# threads, redis-server on the PATH for section 8's Redis column (skipped, and said so, without it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=mcpool-bench/target/mcpool-bench-cli.jar
OUT=${OUT:-mcpool-bench/target/retake}
JAVA=${JAVA:-java}
JAVA_VT=${JAVA_VT:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
EVERYTHING=mcpool-testkit/node_modules/@modelcontextprotocol/server-everything/dist/index.js
PORT=${EVERYTHING_PORT:-18931}
[[ -f $JAR ]] || { echo "build first: mvn -B -pl mcpool-bench -am package -DskipTests" >&2; exit 2; }
mkdir -p "$OUT"
wanted=" ${*:-1 2 3 4 5 6 7 8 9 10 11} "
want() { [[ $wanted == *" $1 "* ]]; }

# One measurement: its name, then the command; output to $OUT/<name>/out.txt (and --out for the CLI).
run() {
  local name=$1; shift
  mkdir -p "$OUT/$name"
  echo "$name start: $(uptime)" >> "$OUT/load.txt"
  echo "== $name: $*"
  set +e
  "$@" 2>&1 | tee "$OUT/$name/out.txt" | grep -v ' ERROR \| WARN '
  local status=${PIPESTATUS[0]}
  set -e
  echo "$name end:   $(uptime)" >> "$OUT/load.txt"
  if [[ $status != 0 ]]; then echo "$name FAILED (exit $status): see $OUT/$name/out.txt" | tee -a "$OUT/failed.txt"; fi
}
cli() { local name=$1; shift; run "$name" "$JAVA" -jar "$JAR" "$@" --out "$OUT/$name"; }
jmh() { local name=$1; shift; mkdir -p "$OUT/$name"; run "$name" "$JAVA" -jar "$JAR" jmh "$@" -rf json -rff "$OUT/$name/jmh.json"; }

everything_pid=
start_everything() {
  [[ -n $everything_pid ]] && return
  [[ -f $EVERYTHING ]] || { echo "server-everything is missing: run mvn -B verify once (it installs $EVERYTHING)" >&2; exit 2; }
  PORT=$PORT node "$EVERYTHING" streamableHttp > "$OUT/server-everything.log" 2>&1 &
  everything_pid=$!
  for _ in $(seq 1 50); do
    grep -q listening "$OUT/server-everything.log" 2>/dev/null && return
    sleep 0.2
  done
  echo "server-everything did not start; see $OUT/server-everything.log" >&2; exit 2
}
trap '[[ -n $everything_pid ]] && kill $everything_pid 2>/dev/null || true' EXIT
ECHO=(--tool echo --args '{"message":"hi"}')

if want 1; then
  cli 1-main-job
  cli 1-http-ab --transport http --threads 1 --ways mcpool,dedicated --duration 20s --warmup 3s --no-footprint
fi
if want 2; then
  mcpool-bench/jmh-suite.sh calltool
  mkdir -p "$OUT/2-calltool" && cp mcpool-bench/target/jmh/calltool-* "$OUT/2-calltool/"
  cli 2b-everything-stdio --stdio "node $EVERYTHING stdio" --threads 1,8
fi
if want 3; then
  cli 3-serial --transport stdio --serial --tool-latency 10ms --threads 1,4,8 --ways mcpool,shared,dedicated \
      --no-footprint
  mcpool-bench/jmh-suite.sh serial
  mkdir -p "$OUT/3-serial-jmh" && cp mcpool-bench/target/jmh/serial-* "$OUT/3-serial-jmh/"
fi
if want 4; then
  mcpool-bench/jmh-suite.sh overhead
  mkdir -p "$OUT/4-overhead" && cp mcpool-bench/target/jmh/overhead-* "$OUT/4-overhead/"
fi
if want 5; then
  mcpool-bench/jmh-suite.sh tools
  mkdir -p "$OUT/5-tools" && cp mcpool-bench/target/jmh/listtools-* mcpool-bench/target/jmh/stampede* "$OUT/5-tools/"
fi
if want 6; then
  # Threads and heap per session: the main job's footprint, also against server-everything over stdio (2b).
  cli 6-footprint --threads 1 --ways mcpool --duration 1s --warmup 1s
fi
if want 7; then
  run 7-langchain4j mvn -B -q -pl mcpool-langchain4j -am verify -Dtest=ToolsListPerChatTurnsTest \
      -Dsurefire.failIfNoSpecifiedTests=false
  cp mcpool-langchain4j/target/tools-list-per-100-chat-turns.md "$OUT/7-langchain4j/"
fi
if want 8; then
  backends=local,member,client
  if command -v redis-server > /dev/null; then backends=$backends,redis; else
    echo "section 8: redis-server is not on the PATH (apt-get install redis-server); the Redis column is skipped"; fi
  jmh 8-cluster-limits ClusterLimitsBenchmark -t 1 -wi 3 -i 5 -p backend=$backends
fi
if want 9; then
  jmh 9-telemetry-in-memory TelemetryOverheadBenchmark -p target=in-memory -t 1 -f 2 -wi 3 -i 8 -w 1 -r 1 -prof gc
  jmh 9-telemetry-http TelemetryOverheadBenchmark -p target=testkit-http -t 1 -f 1 -wi 3 -i 8 -w 1 -r 1 -prof gc
fi
if want 10; then
  run 10-oauth-renewals mvn -B -q -pl mcpool-oauth -am verify -Dtest=TokenRenewalFigure \
      -Dsurefire.failIfNoSpecifiedTests=false
fi
if want 11; then
  start_everything
  jmh 11-allocation CallToolBenchmark -p target=everything-http,testkit-http -p way=mcpool,dedicated -t 1 -prof gc
  for i in 1 2 3; do
    JAVA=$JAVA_VT cli "11-virtual-$i" --endpoint "http://127.0.0.1:$PORT/mcp" "${ECHO[@]}" --virtual-threads \
        --threads 10000 --pool-size 8 --ways mcpool --no-footprint --duration 5s --warmup 3s
    JAVA=$JAVA_VT cli "11-platform-$i" --endpoint "http://127.0.0.1:$PORT/mcp" "${ECHO[@]}" \
        --threads 200 --pool-size 8 --ways mcpool --no-footprint --duration 5s --warmup 3s
  done
  # 200 untimed rounds: the measurement has settled (performance.md 12n)
  cli 11-ready --transport http --ready-sessions 10 --ready-rounds 100 --ready-warmup-rounds 200 \
      --initialize-latency 50ms --ready-only
  cli 11-ready-no-latency --transport http --ready-sessions 10 --ready-rounds 100 --ready-warmup-rounds 200 \
      --ready-only
  for c in 1 2 5; do
    cli "11-ready-lanes-$c" --transport http --ready-sessions 10 --ready-rounds 5 --initialize-latency 50ms \
        --ready-only --warmup-concurrency "$c"
  done
  cli 11-http --transport http --threads 1,8,32 --ways mcpool,dedicated,shared --duration 10s --warmup 2s \
      --no-footprint
  cli 11-everything-http --endpoint "http://127.0.0.1:$PORT/mcp" "${ECHO[@]}" --threads 1,8,32 \
      --ways mcpool,dedicated,shared --duration 10s --warmup 2s --no-footprint
  cli 11-stdio --transport stdio --threads 1,8 --ways mcpool,dedicated --duration 10s --warmup 2s --no-footprint
  mcpool-bench/jmh-suite.sh stateless
  mkdir -p "$OUT/11-stateless" && cp mcpool-bench/target/jmh/stateless-* "$OUT/11-stateless/"
fi
echo "done: $OUT (load averages in $OUT/load.txt)"
if [[ -s $OUT/failed.txt ]]; then cat "$OUT/failed.txt"; exit 1; fi
