package io.mcpool.cluster.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The tests' Hazelcast: a member (its own JVM, {@link #main}) and clients of it, all on 127.0.0.1. */
final class Hazelcasts {

    static final String CLUSTER = "mcpool-test";

    private Hazelcasts() {
    }

    /**
     * A client that fails at once while the member is away and reconnects when it is back.
     *
     * @param timeoutSeconds how long one call may take while the member is there
     */
    static HazelcastInstance client(int memberPort, int timeoutSeconds) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(CLUSTER);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.client.invocation.timeout.seconds", String.valueOf(timeoutSeconds));
        config.getNetworkConfig().addAddress("127.0.0.1:" + memberPort);
        config.getConnectionStrategyConfig().setReconnectMode(ReconnectMode.ASYNC);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(-1).setInitialBackoffMillis(100).setMaxBackoffMillis(500);
        return HazelcastClient.newHazelcastClient(config);
    }

    /** A member on {@code args[0]}: prints {@code member-ready}, runs until its standard input ends. */
    public static void main(String[] args) throws Exception {
        Config config = new Config();
        config.setClusterName(CLUSTER);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(Integer.parseInt(args[0])).setPortAutoIncrement(false)
                .getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        System.out.println("member-ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // until the test closes our input
            }
        }
        member.shutdown();
    }
}
