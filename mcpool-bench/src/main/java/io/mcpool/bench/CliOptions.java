package io.mcpool.bench;

import io.mcpool.internal.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of the benchmark CLI measures, parsed and checked by {@link BenchCommand}. Header
 * values are secret: {@link #mask} takes them (and the endpoint's credentials) out of any text.
 *
 * @param endpoint          a streamable-HTTP server to measure, or null
 * @param stdio             a stdio server command to measure, or empty
 * @param headers           sent on every HTTP request (values are secret)
 * @param tool              the tool to call
 * @param arguments         its arguments
 * @param serial            the in-process stdio server serves one call at a time
 * @param toolLatency       added to each tool call by the in-process servers
 * @param threads           thread counts, ascending
 * @param virtualThreads    the calling threads are virtual threads (JDK 21+)
 * @param poolSize          sessions of the mcpool way, or 0 for one per thread
 * @param tenants           tenants the mcpool ways borrow for in turn ({@code tenant-1} to {@code tenant-N}), or 0
 *                          for none
 * @param ways              the ways to compare
 * @param duration          measured time per cell
 * @param warmup            untimed time per cell before it
 * @param footprint         measure threads and heap per pooled session
 * @param footprintSessions the pool size of the footprint measurement
 * @param readySessions     {@code minSessions} whose time to ready is measured, or 0 for none
 * @param readyRounds       rounds of the time-to-ready measurement
 * @param readyWarmupRounds untimed rounds before them
 * @param initializeLatency added to every {@code initialize} of the time-to-ready measurement (HTTP)
 * @param warmupConcurrency the measured pools' {@code warmupConcurrency}: 0 for the default
 * @param readyOnly         measure the time to ready and make no calls
 * @param transports        which in-process servers to run when no endpoint or command is given
 * @param out               where the JSON and SVG go
 * @param quiet             no progress lines
 */
public record CliOptions(String endpoint, List<String> stdio, Map<String, String> headers, String tool,
        Map<String, Object> arguments, boolean serial, Duration toolLatency, List<Integer> threads,
        boolean virtualThreads, int poolSize, int tenants, Set<Way> ways, Duration duration, Duration warmup, boolean footprint,
        int footprintSessions, int readySessions, int readyRounds, int readyWarmupRounds, Duration initializeLatency, int warmupConcurrency,
        boolean readyOnly,
        Set<Target.Kind> transports, Path out, boolean quiet) {

    /** @return the options with header values and endpoint credentials masked, like every text this CLI prints */
    @Override
    public String toString() {
        return mask("CliOptions[endpoint=" + endpoint + ", stdio=" + stdio + ", headers=" + headers.keySet()
                + ", tool=" + tool + ", arguments=" + arguments + ", serial=" + serial + ", toolLatency=" + toolLatency
                + ", threads=" + threads + ", virtualThreads=" + virtualThreads + ", poolSize=" + poolSize + ", tenants=" + tenants + ", ways="
                + ways + ", duration=" + duration + ", warmup=" + warmup + ", footprint=" + footprint
                + ", footprintSessions=" + footprintSessions + ", readySessions=" + readySessions + ", readyRounds="
                + readyRounds + ", readyWarmupRounds=" + readyWarmupRounds + ", initializeLatency=" + initializeLatency + ", warmupConcurrency=" + warmupConcurrency
                + ", readyOnly=" + readyOnly
                + ", transports=" + transports + ", out=" + out + ", quiet=" + quiet + "]");
    }

    /** @return true when the user named a server of their own */
    public boolean ownServer() {
        return endpoint != null || !stdio.isEmpty();
    }

    /**
     * @param value any text about to be printed or written
     * @return the text with every header value, and the endpoint's user-info and credential query
     *     values, replaced by {@code ****}
     */
    public String mask(String value) {
        return mask(value, secrets(headers.values(), endpoint));
    }

    /**
     * @param value   text to print, or null
     * @param secrets the secrets to take out of it
     * @return the text with each secret replaced by {@link Redactor#MASK}
     */
    static String mask(String value, List<String> secrets) {
        if (value == null) {
            return null;
        }
        String masked = value;
        for (String secret : secrets) {
            masked = masked.replace(secret, Redactor.MASK);
        }
        return masked;
    }

    /**
     * @param headerValues values of the headers sent
     * @param endpoint     the endpoint, or null
     * @return the secrets among them, longest first (so a secret that contains another goes whole)
     */
    static List<String> secrets(Iterable<String> headerValues, String endpoint) {
        List<String> secrets = new ArrayList<>();
        headerValues.forEach(secrets::add);
        if (endpoint != null) {
            try {
                URI uri = new URI(endpoint.trim());
                if (uri.getRawUserInfo() != null) {
                    secrets.add(uri.getRawUserInfo());
                }
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && Redactor.isSensitiveName(pair.substring(0, eq))) {
                            secrets.add(pair.substring(eq + 1));
                        }
                    }
                }
            } catch (URISyntaxException e) {
                // Not a URL: rejected by the parser, and nothing in it to single out.
            }
        }
        secrets.removeIf(s -> s.length() < 3); // masking "a" everywhere would garble the output
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
    }
}
