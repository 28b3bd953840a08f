package io.mcpool.impl;

import io.mcpool.Protocol;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which MCP revision the pool speaks to its endpoint: the {@code protocol} setting, or for {@code auto} what one
 * {@code server/discover} found. A result means the stateless revision 2026-07-28; HTTP 400, 404 or 405, JSON-RPC
 * "method not found" (-32601) or "unsupported protocol version" (-32022) mean a session-based server, which the pool
 * then opens with {@code initialize}. Anything else (connection refused, a timeout) is a creation failure, retried
 * like one. The answer is remembered with the pool generation it was learned in: a restart the pool noticed (or a
 * graceful flush) moves the generation on, and the next creation asks again.
 */
final class EraProbe {

    private static final Logger LOG = LoggerFactory.getLogger(EraProbe.class);

    /** The JSON-RPC error "method not found". */
    private static final int METHOD_NOT_FOUND = -32601;

    /**
     * A revision: whether it is the stateless one, and its version.
     *
     * @param stateless true for 2026-07-28
     * @param version   the protocol version spoken
     */
    record Era(boolean stateless, String version) {
        static final Era SESSION_BASED = new Era(false, ProtocolVersions.MCP_2025_11_25);
        static final Era STATELESS = new Era(true, io.modelcontextprotocol.modern.McpSchema.LATEST_PROTOCOL_VERSION);
    }

    /** An answer of the server, with the generation it holds for. */
    private record Known(Era era, long generation, Instant learnedAt) {
    }

    private final String poolName;
    private final Protocol setting;
    private final LongSupplier generation;
    private final ReentrantLock asking = new ReentrantLock();
    private final LongAdder probes = new LongAdder();
    private volatile Known known;

    EraProbe(String poolName, Protocol setting, LongSupplier generation) {
        this.poolName = poolName;
        this.setting = setting;
        this.generation = generation;
    }

    /**
     * @param discover sends {@code server/discover} and returns the version the server speaks (only called for
     *     {@code auto}, once per generation, one caller at a time)
     * @return the revision to open the next session with
     * @throws Exception what the probe threw when it does not tell the revision (the server is down, say)
     */
    Era resolve(Callable<String> discover) throws Exception {
        if (setting == Protocol.LEGACY) {
            return Era.SESSION_BASED;
        }
        if (setting == Protocol.STATELESS_2026_07_28) {
            return Era.STATELESS;
        }
        long now = generation.getAsLong();
        Known k = known;
        if (k != null && k.generation() == now) {
            return k.era();
        }
        asking.lockInterruptibly();
        try {
            k = known;
            if (k != null && k.generation() == now) {
                return k.era();
            }
            Era found = ask(discover);
            known = new Known(found, now, Instant.now());
            LOG.info("Pool '{}': the endpoint speaks {} ({})", poolName, found.version(),
                    found.stateless() ? "stateless" : "session-based");
            return found;
        } finally {
            asking.unlock();
        }
    }

    private Era ask(Callable<String> discover) throws Exception {
        probes.increment();
        try {
            return new Era(true, discover.call());
        } catch (Exception e) {
            if (meansSessionBased(e)) {
                return Era.SESSION_BASED;
            }
            throw e;
        }
    }

    /** @return true when a failed {@code server/discover} says the server speaks a session-based revision */
    static boolean meansSessionBased(Throwable failure) {
        return Failures.causes(failure).anyMatch(t -> (t instanceof McpHttpStatusException status
                && (status.statusCode() == 400 || status.statusCode() == 404 || status.statusCode() == 405))
                || (t instanceof McpException error && error.error() != null && error.error().code() != null
                        && (error.error().code() == METHOD_NOT_FOUND || error.error().code() == UnsupportedEra.CODE)));
    }

    /**
     * Makes the next creation ask again (a stdio server process died: its replacement may be another program); the
     * last answer stays what {@link #era()} reports until then.
     */
    void askAgain() {
        Known k = known;
        if (k != null) {
            known = new Known(k.era(), Long.MIN_VALUE, k.learnedAt());
        }
    }

    /** @return the revision spoken now: the setting's, or the last answer (null while {@code auto} has none) */
    Era current() {
        if (setting == Protocol.LEGACY) {
            return Era.SESSION_BASED;
        }
        if (setting == Protocol.STATELESS_2026_07_28) {
            return Era.STATELESS;
        }
        Known k = known;
        return k == null ? null : k.era();
    }

    /** @return the revision spoken now, for metrics */
    io.mcpool.ProtocolEra era() {
        Era e = current();
        return e == null ? io.mcpool.ProtocolEra.UNKNOWN
                : e.stateless() ? io.mcpool.ProtocolEra.STATELESS_2026_07_28 : io.mcpool.ProtocolEra.SESSION_BASED;
    }

    /** @return true when the endpoint is known to speak the stateless revision */
    boolean isStateless() {
        Era era = current();
        return era != null && era.stateless();
    }

    /** @return how many times the server was asked */
    long probes() {
        return probes.sum();
    }

    Protocol setting() {
        return setting;
    }
}
