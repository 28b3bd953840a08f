package io.mcpool.jmx;

import io.mcpool.McpPool;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What this class loader's mcpool-jmx registered, per MBean server: the MBean server itself cannot
 * tell whether the MBean under a name belongs to the pool being registered again (idempotent) or to
 * another pool of the same name (an error). One lock: registrations are rare.
 */
final class Registry {

    static final Registry INSTANCE = new Registry();

    private static final System.Logger LOG = System.getLogger(Registry.class.getName());

    /** @param owner the pool, or the manager's supplier, whose MBean this is */
    private record Registration(Object owner, PoolListener shutdownListener) {
    }

    private final Map<MBeanServer, Map<ObjectName, Registration>> byServer = new IdentityHashMap<>();

    private Registry() {
    }

    synchronized ObjectName registerPool(McpPool pool, ObjectName name, MBeanServer server) {
        String what = "mcpool '" + pool.name() + "'";
        if (alreadyRegistered(server, name, pool, what, "a different pool named '" + pool.name() + "'",
                "Pool names must be unique within one MBean server (PoolConfig.name): rename one of the pools, "
                        + "register each under its application's key (McpPoolJmx.register(pool, server, application)), "
                        + "or shut down or unregister the other first")) {
            return name;
        }
        // Listen first: a shutdown racing this registration then still unregisters (it waits for the lock).
        PoolNotifications notifications = new PoolNotifications(name);
        PoolListener listener = new PoolWatcher(pool, name, server, notifications);
        pool.addListener(listener);
        try {
            PoolBean bean = new PoolBean(pool);
            register(server, new MetricsMBean(new DescribedMXBean(bean, McpPoolMXBean.class), bean::metrics,
                    MetricsMBean.Scope.POOL, notifications), name, what,
                    "give this pool another name (PoolConfig.name), or register it under its application's key");
        } catch (RuntimeException e) {
            pool.removeListener(listener);
            throw e;
        }
        byServer.computeIfAbsent(server, s -> new HashMap<>()).put(name, new Registration(pool, listener));
        return name;
    }

    synchronized ObjectName registerManager(String managerName,
            Supplier<? extends Collection<? extends McpPool>> pools, ObjectName name, MBeanServer server) {
        String what = "mcpool manager '" + managerName + "'";
        if (alreadyRegistered(server, name, pools, what, "another manager of that name",
                "Manager names must be unique within one MBean server: choose another name, or unregister the "
                        + "other manager first")) {
            return name;
        }
        ManagerBean bean = new ManagerBean(managerName, pools);
        register(server, new MetricsMBean(new DescribedMXBean(bean, McpPoolManagerMXBean.class), bean::combined,
                MetricsMBean.Scope.MANAGER, null), name, what, "choose another manager name");
        byServer.computeIfAbsent(server, s -> new HashMap<>()).put(name, new Registration(pools, null));
        return name;
    }

    /**
     * @param owner the pool whose MBean to remove, or {@code null} for whatever manager this class
     *     registered under the name
     */
    synchronized boolean unregister(Object owner, ObjectName name, MBeanServer server) {
        Map<ObjectName, Registration> names = byServer.get(server);
        Registration r = names == null ? null : names.get(name);
        if (r == null || (owner != null && r.owner() != owner)) {
            return false;
        }
        forget(server, name, r);
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException alreadyGone) {
            return true;
        } catch (JMException e) {
            throw new IllegalStateException("Could not unregister " + name + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Unregisters whatever name {@code pool} was registered under in {@code server}. */
    synchronized boolean unregisterPool(McpPool pool, MBeanServer server) {
        Map<ObjectName, Registration> names = byServer.get(server);
        if (names == null) {
            return false;
        }
        ObjectName name = names.entrySet().stream().filter(e -> e.getValue().owner() == pool).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        return name != null && unregister(pool, name, server);
    }

    /**
     * @return true when {@code owner} itself is registered under the name (nothing to do)
     * @throws IllegalStateException when another owner is
     */
    private boolean alreadyRegistered(MBeanServer server, ObjectName name, Object owner, String what,
            String other, String remedy) {
        Map<ObjectName, Registration> names = byServer.get(server);
        Registration existing = names == null ? null : names.get(name);
        if (existing == null) {
            return false;
        }
        if (!server.isRegistered(name)) {
            // Someone unregistered our MBean directly through the MBean server: the name is free again.
            forget(server, name, existing);
            return false;
        }
        if (existing.owner() == owner) {
            return true;
        }
        throw new IllegalStateException("Cannot register " + what + " over JMX: " + other
                + " is already registered as " + name + ". " + remedy + ".");
    }

    private static void register(MBeanServer server, Object mbean, ObjectName name, String what, String remedy) {
        try {
            server.registerMBean(mbean, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("Cannot register " + what + " over JMX: " + name
                    + " is already registered in this MBean server, and not by this copy of mcpool-jmx (another "
                    + "application or class loader?); " + remedy + ".", e);
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register " + what + " as " + name + ": " + e.getMessage(), e);
        }
    }

    private void forget(MBeanServer server, ObjectName name, Registration r) {
        Map<ObjectName, Registration> names = byServer.get(server);
        names.remove(name);
        if (names.isEmpty()) {
            byServer.remove(server);
        }
        if (r.shutdownListener() != null && r.owner() instanceof McpPool pool) {
            pool.removeListener(r.shutdownListener());
        }
    }

    /** Sends the MBean's notifications, and takes the MBean down when the pool shuts down. */
    private record PoolWatcher(McpPool pool, ObjectName name, MBeanServer server, PoolNotifications notifications)
            implements PoolListener {
        @Override
        public void onEvent(PoolEvent event) {
            notifications.onEvent(event);
            if (event instanceof PoolEvent.PoolShutdown) {
                try {
                    INSTANCE.unregister(pool, name, server);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Pool ''{0}'' shut down but its MBean {1} could not be "
                            + "unregistered: {2}", pool.name(), name, e.getMessage());
                }
            }
        }
    }
}
