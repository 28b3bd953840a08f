/**
 * The JMH benchmarks: pool overhead against a bare {@code GenericKeyedObjectPool}, one
 * {@code tools/call} end to end four ways, {@code listTools} cached and upstream, and a cold-cache
 * stampede. Run them from the CLI jar: {@code java -jar mcpool-bench-cli.jar jmh <regexp> [JMH options]},
 * or all of them with {@code mcpool-bench/jmh-suite.sh}; see docs/performance.md.
 */
package io.mcpool.bench.jmh;
