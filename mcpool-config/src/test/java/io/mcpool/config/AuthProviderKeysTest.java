package io.mcpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mcpool.<pool>.oauth.*} when mcpool-oauth is not on the class path (as in this module's tests). */
class AuthProviderKeysTest {

    @Test
    void oauthKeysWithoutTheModuleAreRefusedNamingTheModuleAndNeverTheirValues() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.oauth.client-id", "svc",
                "mcpool.web.oauth.client-secret", "s3cret-value-1")));
        assertEquals(List.of("web"), List.copyOf(reader.poolNames()));
        assertEquals(List.of(), reader.unknownKeys(reader.poolNames()), "oauth.* is a known group");
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("web", false, problems).isEmpty());
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("mcpool.web.oauth.*: [oauth.client-id, oauth.client-secret] need "
                + "io.mcpool:mcpool-oauth on the class path"), problems::toString);
        assertFalse(problems.get(0).contains("s3cret"), problems::toString);
    }

    @Test
    void theGroupItselfIsNoKey() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp", "mcpool.web.oauth", "on")));
        List<String> problems = reader.unknownKeys(reader.poolNames());
        assertEquals(List.of("mcpool.web.oauth: set its entries one by one, as mcpool.web.oauth.<name>=<value>"), problems);
    }
}
