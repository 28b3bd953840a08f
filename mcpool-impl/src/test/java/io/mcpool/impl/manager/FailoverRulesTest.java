package io.mcpool.impl.manager;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CircuitOpenException;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolExhaustedException;
import io.mcpool.RateLimitExceededException;
import io.mcpool.SessionCreationException;
import io.mcpool.TenantLimitException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which failures move work to another pool, and which never do. */
class FailoverRulesTest {

    private static final BorrowOptions VOUCHED = BorrowOptions.builder().retryToolCalls(true).build();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void poolLevelBorrowFailuresMoveOn() {
        assertTrue(FailoverRules.borrowMovesOn(new PoolExhaustedException("exhausted")));
        assertTrue(FailoverRules.borrowMovesOn(new CircuitOpenException("open")));
        assertTrue(FailoverRules.borrowMovesOn(new SessionCreationException("no", new ConnectException("refused"))));
        assertTrue(FailoverRules.borrowMovesOn(new PoolClosedException("closed")));
        assertTrue(FailoverRules.borrowMovesOn(new RateLimitExceededException("slow down")));
        assertTrue(FailoverRules.borrowMovesOn(new IllegalStateException("Pool 'a' is not started")));
    }

    @Test
    void aTenantOverItsCapIsNotSpilledOntoAnotherPool() {
        assertFalse(FailoverRules.borrowMovesOn(new TenantLimitException("tenant acme at its cap")));
    }

    @Test
    void anInterruptStopsFailover() {
        assertFalse(FailoverRules.borrowMovesOn(new McpPoolException("x", new InterruptedException())));
        Thread.currentThread().interrupt();
        assertFalse(FailoverRules.borrowMovesOn(new McpPoolException("Interrupted while waiting")));
        assertFalse(FailoverRules.callMovesOn(new RuntimeException(new ConnectException()), VOUCHED));
    }

    @Test
    void programmingErrorsAreNotFailedOver() {
        assertFalse(FailoverRules.borrowMovesOn(new IllegalArgumentException("bad header")));
        assertFalse(FailoverRules.borrowMovesOn(new NullPointerException()));
    }

    @Test
    void aCallThatNeverReachedTheServerMovesOn() {
        BorrowOptions none = BorrowOptions.none();
        assertTrue(FailoverRules.callMovesOn(new RuntimeException("send failed", new ConnectException()), none));
        assertTrue(FailoverRules.callMovesOn(new RuntimeException(new IOException("Connection refused")), none));
        assertTrue(FailoverRules.callMovesOn(new RuntimeException("MCP session with server terminated"), none));
        assertTrue(FailoverRules.callMovesOn(
                new io.modelcontextprotocol.spec.McpTransportSessionNotFoundException("abc"), none));
        assertTrue(FailoverRules.callMovesOn(
                new RuntimeException(new java.net.http.HttpConnectTimeoutException("connect timed out")), none));
        // A busy server refuses before running anything; another server may have room.
        assertTrue(FailoverRules.callMovesOn(new RuntimeException("Received unexpected status code: 429"), none));
    }

    @Test
    void aCallThatMayHaveRunMovesOnOnlyWhenTheBorrowerVouchedForIt() {
        RuntimeException cut = new RuntimeException(new IOException("HTTP/1.1 header parser received no bytes"));
        RuntimeException slow = new RuntimeException(new TimeoutException("Did not observe any item"));
        RuntimeException requestTimeout = new RuntimeException(new HttpTimeoutException("request timed out"));
        for (RuntimeException maybeRan : new RuntimeException[] {cut, slow, requestTimeout}) {
            assertFalse(FailoverRules.callMovesOn(maybeRan, BorrowOptions.none()), maybeRan.toString());
            assertTrue(FailoverRules.callMovesOn(maybeRan, VOUCHED), maybeRan.toString());
        }
    }

    @Test
    void anAnswerFromTheServerIsNeverRepeatedElsewhere() {
        McpError error = McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: nope").build();
        assertFalse(FailoverRules.callMovesOn(error, BorrowOptions.none()));
        assertFalse(FailoverRules.callMovesOn(error, VOUCHED));
        McpError mentioningRefusal = McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("upstream said: Connection refused").build();
        assertFalse(FailoverRules.callMovesOn(mentioningRefusal, BorrowOptions.none()));
    }

    @Test
    void describeNamesTheRootCauseOfTransportFailures() {
        String line = FailoverRules.describe(new RuntimeException("send failed", new ConnectException("Connection refused")));
        assertTrue(line.contains("RuntimeException: send failed") && line.contains("ConnectException: Connection refused"),
                line);
        assertTrue(FailoverRules.describe(new PoolExhaustedException("Pool 'a': no session within 2s"))
                .equals("PoolExhaustedException: Pool 'a': no session within 2s"));
    }
}
