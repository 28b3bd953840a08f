package io.mcpool.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jmh [JMH options]}: hands every argument after {@code jmh}, unread, to JMH's own command
 * line ({@code jmh -h} prints JMH's help). {@link BenchCli} makes picocli pass options it does not
 * know through as parameters.
 */
@Command(name = "jmh", description = "runs the JMH benchmarks; every argument goes to JMH (jmh -h: JMH's help)")
final class JmhCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JMH_ARGS", description = "JMH's arguments, e.g. PoolOverheadBenchmark -t 8")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
        return 0;
    }
}
