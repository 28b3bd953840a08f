package io.mcpool.cdi;

import io.mcpool.McpPool;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers each pool's MXBean when {@code mcpool-jmx} is on the class path, by calling
 * {@code io.mcpool.jmx.McpPoolJmx.register(McpPool)} reflectively (no compile-time dependency).
 * The registration is undone by closing what {@code register} returned when it is
 * {@link AutoCloseable}, or else by {@code McpPoolJmx.unregister(McpPool)} when that exists.
 */
final class JmxIntegration implements Integration {

    static final String JMX_CLASS = "io.mcpool.jmx.McpPoolJmx";
    private static final Logger LOG = Logger.getLogger(JmxIntegration.class.getName());

    private final Method register;
    private final Method unregister;

    private JmxIntegration(Method register, Method unregister) {
        this.register = register;
        this.unregister = unregister;
    }

    /**
     * @param loader the class loader that sees the application's libraries
     * @return the integration when {@code mcpool-jmx} is present with a static {@code register(McpPool)}
     */
    static Optional<Integration> detect(ClassLoader loader) {
        Class<?> jmx;
        try {
            jmx = Class.forName(JMX_CLASS, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        Method register = staticMethod(jmx, "register");
        if (register == null) {
            LOG.warning(() -> "mcpool: " + JMX_CLASS + " has no static register(McpPool); pools are not registered in JMX");
            return Optional.empty();
        }
        return Optional.of(new JmxIntegration(register, staticMethod(jmx, "unregister")));
    }

    private static Method staticMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name, McpPool.class);
            return Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @Override
    public Runnable bind(McpPool pool, BeanManager beanManager) {
        Object registration;
        try {
            registration = register.invoke(null, pool);
        } catch (InvocationTargetException e) {
            LOG.log(Level.WARNING, "mcpool: pool '" + pool.name() + "' could not be registered in JMX", e.getCause());
            return NOTHING;
        } catch (IllegalAccessException e) {
            LOG.log(Level.WARNING, "mcpool: " + JMX_CLASS + ".register is not accessible", e);
            return NOTHING;
        }
        return () -> {
            try {
                if (registration instanceof AutoCloseable closeable) {
                    closeable.close();
                } else if (unregister != null) {
                    unregister.invoke(null, pool);
                }
            } catch (Exception e) {
                LOG.log(Level.FINE, "mcpool: unregistering pool '" + pool.name() + "' from JMX failed", e);
            }
        };
    }
}
