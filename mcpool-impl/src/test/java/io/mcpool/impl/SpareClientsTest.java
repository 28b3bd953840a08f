package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mcpool.SessionKey;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The keeping of closed handles' clients: per partition only, bounded, and never one still bound to a handle. */
class SpareClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final AtomicInteger made = new AtomicInteger();

    private static ManagedSession handle(String tenant) {
        return new ManagedSession("h-" + IDS.incrementAndGet(), new SessionKey(tenant, null), 0, System.nanoTime(), 0.5);
    }

    /** A real client of the revision (making one sends nothing), counted. */
    private McpSyncClient make(SpareClients.Bound bound) {
        made.incrementAndGet();
        return McpClient.sync(HttpClientMcpTransport.builder("http://127.0.0.1:9/mcp").build()).build();
    }

    @Test
    void aClosedHandlesClientGoesToTheNextHandleOfItsPartitionOnly() {
        SpareClients spares = new SpareClients();
        ManagedSession acme = handle("acme");
        McpSyncClient first = spares.bind(acme, TIMEOUT, this::make);
        spares.release(acme);
        McpSyncClient other = spares.bind(handle("globex"), TIMEOUT, this::make);
        assertNotSame(first, other, "another tenant gets a client of its own");
        ManagedSession acmeAgain = handle("acme");
        assertSame(first, spares.bind(acmeAgain, TIMEOUT, this::make), "the tenant's next handle takes its client");
        assertEquals(0, spares.spares());
        ManagedSession acmeBesides = handle("acme");
        assertNotSame(first, spares.bind(acmeBesides, TIMEOUT, this::make), "a client serves one handle at a time");
        assertEquals(3, made.get());
    }

    @Test
    void aForgottenHandlesClientIsNotPassedOnNorOneMadeWithAnotherTimeout() {
        SpareClients spares = new SpareClients();
        ManagedSession broken = handle("acme");
        McpSyncClient first = spares.bind(broken, TIMEOUT, this::make);
        spares.forget(broken);
        spares.release(broken);
        assertEquals(0, spares.spares(), "forgotten: nothing to release");
        assertNotSame(first, spares.bind(handle("acme"), TIMEOUT, this::make));
        ManagedSession idle = handle("globex");
        McpSyncClient globex = spares.bind(idle, TIMEOUT, this::make);
        spares.release(idle);
        assertNotSame(globex, spares.bind(handle("globex"), TIMEOUT.plusSeconds(1), this::make),
                "a requestTimeout changed since: a new client");
    }

    @Test
    void aPartitionKeepsAtMostPerPartitionClients() {
        SpareClients spares = new SpareClients();
        java.util.List<ManagedSession> open = new java.util.ArrayList<>();
        for (int i = 0; i < SpareClients.PER_PARTITION + 2; i++) {
            ManagedSession h = handle("acme");
            spares.bind(h, TIMEOUT, this::make);
            open.add(h);
        }
        open.forEach(spares::release);
        assertEquals(SpareClients.PER_PARTITION, spares.spares());
    }

    @Test
    void atMostMaxSparesAreKeptThePartitionUsedLongestAgoDroppedFirst() {
        SpareClients spares = new SpareClients();
        int tenants = SpareClients.MAX_SPARES + 10;
        McpSyncClient[] clients = new McpSyncClient[tenants];
        for (int t = 0; t < tenants; t++) {
            ManagedSession h = handle("t" + t);
            clients[t] = spares.bind(h, TIMEOUT, this::make);
            spares.release(h);
        }
        assertEquals(SpareClients.MAX_SPARES, spares.spares());
        assertNotSame(clients[0], spares.bind(handle("t0"), TIMEOUT, this::make), "the oldest partitions' are gone");
        assertSame(clients[tenants - 1], spares.bind(handle("t" + (tenants - 1)), TIMEOUT, this::make));
    }
}
