package io.mcpool.jmx;

import io.mcpool.McpPool;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes pools over JMX so that JConsole (or any JMX client) can inspect and resize them at runtime.
 *
 * <pre>{@code
 * McpPool pool = McpPool.create(config);
 * McpPoolJmx.register(pool);      // io.mcpool:type=McpPool,name=<config.name()>
 * pool.start();
 * ...
 * pool.shutdown();                // unregisters the MBean
 * }</pre>
 *
 * <p>Registration is idempotent for the same pool; a different pool with a name already registered in
 * that MBean server is refused with an {@link IllegalStateException} naming the conflict. A pool's
 * shutdown unregisters its MBean. Without an {@link MBeanServer} argument, the platform MBean server
 * is used.
 *
 * <p>Commons Pool's own MBean is switched off by {@code mcpool-impl}: these MBeans are the one view of
 * a pool.
 *
 * <p>All methods are thread-safe.
 */
public final class McpPoolJmx {

    /** The JMX domain of every mcpool MBean. */
    public static final String DOMAIN = "io.mcpool";

    /** The {@code type} key of pool MBeans. */
    public static final String POOL_TYPE = "McpPool";

    /** The {@code type} key of manager MBeans. */
    public static final String MANAGER_TYPE = "McpPoolManager";

    /** The ObjectName key naming the application a pool belongs to, when one is given. */
    public static final String APPLICATION_KEY = "application";

    /**
     * The system property giving the application key of pools registered without one
     * ({@link #register(McpPool)}, {@link #register(McpPool, MBeanServer)}).
     */
    public static final String APPLICATION_PROPERTY = "mcpool.jmx.application";

    /** Notification type: the pool's circuit breaker opened. */
    public static final String CIRCUIT_OPENED = "io.mcpool.circuit.opened";

    /** Notification type: the pool's circuit breaker closed again. */
    public static final String CIRCUIT_CLOSED = "io.mcpool.circuit.closed";

    /** Notification type: a restart of the pool's MCP server was noticed. */
    public static final String SERVER_RESTARTED = "io.mcpool.server.restarted";

    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._-]+");

    private McpPoolJmx() {
    }

    /**
     * @param poolName a pool's name
     * @return {@code io.mcpool:type=McpPool,name=<poolName>}
     */
    public static ObjectName objectName(String poolName) {
        return name(POOL_TYPE, null, poolName);
    }

    /**
     * @param application the application the pool belongs to (e.g. a WAR's name), or null for none
     * @param poolName    a pool's name
     * @return {@code io.mcpool:type=McpPool,application=<application>,name=<poolName>}, or without the
     *     {@code application} key when it is null or blank
     */
    public static ObjectName objectName(String application, String poolName) {
        return name(POOL_TYPE, application, poolName);
    }

    /**
     * @param managerName a manager's name; quoted in the ObjectName when it holds characters that
     *     ObjectName values cannot hold plainly
     * @return {@code io.mcpool:type=McpPoolManager,name=<managerName>}
     */
    public static ObjectName managerObjectName(String managerName) {
        return name(MANAGER_TYPE, null, managerName);
    }

    /**
     * Registers the pool's {@link McpPoolMXBean} in the platform MBean server.
     *
     * @param pool the pool; register it before or after {@code start()}, but not after shutdown
     * @return the MBean's name
     * @throws IllegalStateException when another pool (or anything else) is registered under that name
     */
    public static ObjectName register(McpPool pool) {
        return register(pool, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Registers the pool's {@link McpPoolMXBean} in {@code server}. Registering the same pool again
     * returns the same name and changes nothing. The pool's shutdown unregisters the MBean.
     *
     * @param pool   the pool; register it before or after {@code start()}, but not after shutdown
     * @param server the MBean server
     * @return the MBean's name
     * @throws IllegalStateException when another pool (or anything else) is registered under that name
     */
    public static ObjectName register(McpPool pool, MBeanServer server) {
        return register(pool, server, System.getProperty(APPLICATION_PROPERTY));
    }

    /**
     * Registers the pool's {@link McpPoolMXBean} in {@code server} under an application key, so that
     * pools of the same name in two applications of one server (two WARs, each with a pool named
     * {@code default}) do not collide: {@code io.mcpool:type=McpPool,application=<application>,name=<pool>}.
     * The MBean emits {@link #CIRCUIT_OPENED}, {@link #CIRCUIT_CLOSED} and {@link #SERVER_RESTARTED}
     * notifications.
     *
     * @param pool        the pool; register it before or after {@code start()}, but not after shutdown
     * @param server      the MBean server
     * @param application the application's name, or null or blank for none
     * @return the MBean's name
     * @throws IllegalStateException when another pool (or anything else) is registered under that name
     */
    public static ObjectName register(McpPool pool, MBeanServer server, String application) {
        Objects.requireNonNull(pool, "pool");
        return Registry.INSTANCE.registerPool(pool, objectName(application, pool.name()),
                Objects.requireNonNull(server, "server"));
    }

    /**
     * Unregisters the pool's MBean from the platform MBean server.
     *
     * @param pool the pool
     * @return true when its MBean was registered and is now gone; false when it was not registered
     *     (another pool's MBean of the same name is left alone)
     */
    public static boolean unregister(McpPool pool) {
        return unregister(pool, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Unregisters the pool's MBean from {@code server}. Idempotent.
     *
     * @param pool   the pool
     * @param server the MBean server
     * @return true when its MBean was registered and is now gone; false when it was not registered
     *     (another pool's MBean of the same name is left alone)
     */
    public static boolean unregister(McpPool pool, MBeanServer server) {
        Objects.requireNonNull(pool, "pool");
        return Registry.INSTANCE.unregisterPool(pool, Objects.requireNonNull(server, "server"));
    }

    /**
     * Registers a {@link McpPoolManagerMXBean} over a set of pools in the platform MBean server.
     *
     * @param name  the manager's name
     * @param pools returns the managed pools each time the MBean is read; must be thread-safe
     * @return the MBean's name
     * @throws IllegalStateException when another manager (or anything else) is registered under that name
     */
    public static ObjectName registerManager(String name, Supplier<? extends Collection<? extends McpPool>> pools) {
        return registerManager(name, pools, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Registers a {@link McpPoolManagerMXBean} over a set of pools in {@code server}. Registering the
     * same name with the same supplier again changes nothing. The pools themselves are not registered:
     * register each with {@link #register(McpPool, MBeanServer)}.
     *
     * @param name   the manager's name
     * @param pools  returns the managed pools each time the MBean is read; must be thread-safe
     * @param server the MBean server
     * @return the MBean's name
     * @throws IllegalStateException when another manager (or anything else) is registered under that name
     */
    public static ObjectName registerManager(String name, Supplier<? extends Collection<? extends McpPool>> pools,
            MBeanServer server) {
        Objects.requireNonNull(pools, "pools");
        return Registry.INSTANCE.registerManager(name, pools, managerObjectName(name),
                Objects.requireNonNull(server, "server"));
    }

    /**
     * Unregisters a manager's MBean from the platform MBean server.
     *
     * @param name the manager's name
     * @return true when it was registered through this class and is now gone
     */
    public static boolean unregisterManager(String name) {
        return unregisterManager(name, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Unregisters a manager's MBean from {@code server}. Idempotent.
     *
     * @param name   the manager's name
     * @param server the MBean server
     * @return true when it was registered through this class and is now gone
     */
    public static boolean unregisterManager(String name, MBeanServer server) {
        return Registry.INSTANCE.unregister(null, managerObjectName(name), Objects.requireNonNull(server, "server"));
    }

    private static ObjectName name(String type, String application, String value) {
        Objects.requireNonNull(value, "name");
        if (value.isBlank()) {
            throw new IllegalArgumentException("An mcpool JMX name must not be blank");
        }
        String app = application == null || application.isBlank() ? ""
                : "," + APPLICATION_KEY + "=" + shown(application.strip());
        try {
            return new ObjectName(DOMAIN + ":type=" + type + app + ",name=" + shown(value));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("'" + value + "' cannot name an MBean: " + e.getMessage(), e);
        }
    }

    private static String shown(String value) {
        return PLAIN_VALUE.matcher(value).matches() ? value : ObjectName.quote(value);
    }
}
