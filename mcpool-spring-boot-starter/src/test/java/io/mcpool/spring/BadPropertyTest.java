package io.mcpool.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong property fails startup with a message naming the property and the values it accepts. */
class BadPropertyTest {

    private static Throwable rootOf(Throwable t) {
        Throwable cause = t;
        while (!(cause instanceof McpPoolConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String startupFailure(String... properties) {
        Exception e = assertThrows(Exception.class, () -> new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE).properties(properties).run().close());
        Throwable root = rootOf(e);
        assertTrue(root instanceof McpPoolConfigurationException, "failed for another reason: " + e);
        return root.getMessage();
    }

    @Test
    void aBadEnumNamesThePropertyAndTheAllowedValues() {
        String m = startupFailure("mcpool.github.endpoint=http://127.0.0.1:1/mcp", "mcpool.github.transport=http",
                "mcpool.files.endpoint=http://127.0.0.1:1/mcp", "mcpool.github.bearer-token=s3cret-token",
                "mcpool.files.max-sessions=lots");
        assertTrue(m.contains("mcpool.github.transport=http: must be one of stdio, sse, streamable-http"), m);
        assertTrue(m.contains("mcpool.files.max-sessions=lots: must be a whole number"), m);
        assertTrue(!m.contains("s3cret-token"), "no secret in the message: " + m);
    }

    @Test
    void aBadBooleanIsRefusedNotReadAsFalse() {
        String m = startupFailure("mcpool.github.endpoint=http://127.0.0.1:1/mcp", "mcpool.files.endpoint=http://127.0.0.1:1/mcp",
                "mcpool.github.health.readiness=nope");
        assertTrue(m.contains("mcpool.github.health.readiness=nope: must be true or false (also accepted: yes/no, on/off, 1/0, in any case)"), m);
    }

    @Test
    void aMisspeltPropertyGetsASuggestion() {
        String m = startupFailure("mcpool.github.endpoint=http://127.0.0.1:1/mcp", "mcpool.files.endpoint=http://127.0.0.1:1/mcp",
                "mcpool.github.max-sesions=4");
        assertTrue(m.contains("mcpool.github.max-sesions: 'max-sesions' is not a pool property (did you mean mcpool.github.max-sessions?)"), m);
    }
}
