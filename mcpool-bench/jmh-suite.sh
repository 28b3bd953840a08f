#!/usr/bin/env bash
# Runs the JMH benchmarks of docs/performance.md at the thread counts the issue asks for, from the
# repository root after `mvn -B -pl mcpool-bench -am package -DskipTests`. Results: one JSON per run
# in ${OUT:-mcpool-bench/target/jmh}. Shorten with e.g. JMH_OPTS="-wi 1 -i 2 -w 1s -r 1s".
# server-everything targets need Node.js 20+ and mcpool-testkit/node_modules (mvn verify installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=mcpool-bench/target/mcpool-bench-cli.jar
OUT=${OUT:-mcpool-bench/target/jmh}
JMH_OPTS=${JMH_OPTS:-}
mkdir -p "$OUT"
# The machine's load next to each result: numbers taken on a busy machine say so.
jmh() {
  local name=$1; shift
  echo "$name start: $(uptime)" >> "$OUT/load.txt"
  java -jar "$JAR" jmh "$@" $JMH_OPTS -rf json -rff "$OUT/$name.json" | tee "$OUT/$name.log"
  echo "$name end:   $(uptime)" >> "$OUT/load.txt"
}

what=${1:-all}
if [[ $what == all || $what == overhead ]]; then
  for t in 1 2 8 32; do jmh "overhead-t$t" 'PoolOverheadBenchmark' -t "$t"; done
  # A multi-tenant pool: 100 other keys with an idle session each.
  jmh "overhead-keys100-t8" 'PoolOverheadBenchmark' -t 8 -p keys=100
fi
if [[ $what == all || $what == calltool ]]; then
  for t in 1 8 32; do
    jmh "calltool-t$t" 'CallToolBenchmark' -t "$t" \
      -p target=testkit-http,everything-http,everything-stdio -p way=mcpool,dedicated,shared,per-call
  done
fi
if [[ $what == all || $what == serial ]]; then
  # One shared stdio client against N pooled processes: --serial server, 10 ms tool.
  for t in 1 4 8; do
    jmh "serial-t$t" 'CallToolBenchmark' -t "$t" -p target=testkit-stdio-serial-10ms -p way=mcpool,shared,dedicated
  done
fi
if [[ $what == all || $what == stateless ]]; then
  # The 2026-07-28 revision: mcpool vs the SDK's 2026-07-28 client directly vs mcpool the session-based way.
  # dual-era needs mcpool-testkit/dual-era/node_modules (mvn verify installs it).
  # 8 threads: 2 servers x 3 ways x 3 forks of 35 s, about 12 minutes.
  jmh "stateless-t8" 'StatelessCallBenchmark' -t 8 -p target=testkit-2026,dual-era \
    -p way=mcpool-2026,sdk-2026,mcpool-legacy
fi
if [[ $what == all || $what == tools ]]; then
  for t in 1 8; do jmh "listtools-t$t" 'ListToolsBenchmark' -t "$t"; done
  jmh stampede 'ColdCacheStampedeBenchmark'
fi
