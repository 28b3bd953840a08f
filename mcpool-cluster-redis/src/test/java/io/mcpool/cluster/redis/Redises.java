package io.mcpool.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * The tests' Redis clients, configured as docs/cluster.md advises: calls fail at once while Redis is away,
 * and the connection comes back soon after Redis does.
 */
final class Redises {

    private Redises() {
    }

    /** A client and its resources (a reconnect delay of its own), shut down together. */
    record Client(RedisClient client, ClientResources resources) implements AutoCloseable {

        @Override
        public void close() {
            client.shutdown();
            resources.shutdown();
        }
    }

    /**
     * @param uri     {@code redis://127.0.0.1:<port>}
     * @param timeout how long one call may take while Redis is there
     */
    static Client client(String uri, Duration timeout) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(200))).build();
        RedisClient client = RedisClient.create(resources, RedisURI.builder(RedisURI.create(uri)).withTimeout(timeout)
                .build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return new Client(client, resources);
    }
}
