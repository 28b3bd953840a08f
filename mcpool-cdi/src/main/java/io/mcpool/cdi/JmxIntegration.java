package io.mcpool.cdi;

import io.mcpool.McpPool;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers each pool's MXBean when {@code mcpool-jmx} is on the class path, by calling
 * {@code io.mcpool.jmx.McpPoolJmx.register(McpPool, MBeanServer, String)} reflectively (no compile-time
 * dependency), under the application's key: {@code mcpool.jmx.application} from MicroProfile Config, else
 * the Jakarta EE application name ({@code java:app/AppName}), so that two applications of one server with
 * a pool of the same name do not collide; with neither, {@code McpPoolJmx.register(McpPool)}.
 * The registration is undone by closing what {@code register} returned when it is
 * {@link AutoCloseable}, or else by {@code McpPoolJmx.unregister(McpPool)} when that exists.
 */
final class JmxIntegration implements Integration {

    static final String JMX_CLASS = "io.mcpool.jmx.McpPoolJmx";
    private static final Logger LOG = Logger.getLogger(JmxIntegration.class.getName());

    /** The MicroProfile Config key naming the application in pools' ObjectNames. */
    static final String APPLICATION_KEY = "mcpool.jmx.application";

    private final Method register;
    private final Method registerForApplication;
    private final Method unregister;

    private JmxIntegration(Method register, Method registerForApplication, Method unregister) {
        this.register = register;
        this.registerForApplication = registerForApplication;
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
        Method forApplication;
        try {
            forApplication = jmx.getMethod("register", McpPool.class, MBeanServer.class, String.class);
        } catch (NoSuchMethodException older) {
            forApplication = null;
        }
        return Optional.of(new JmxIntegration(register, forApplication, staticMethod(jmx, "unregister")));
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
            String application = registerForApplication == null ? null : application();
            registration = application == null ? register.invoke(null, pool)
                    : registerForApplication.invoke(null, pool, ManagementFactory.getPlatformMBeanServer(), application);
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

    /** @return the configured application key, else the Jakarta EE application's name, else null */
    private static String application() {
        try {
            Optional<String> configured = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader())
                    .getOptionalValue(APPLICATION_KEY, String.class);
            if (configured.isPresent() && !configured.get().isBlank()) {
                return configured.get().strip();
            }
        } catch (RuntimeException noConfig) {
            LOG.log(Level.FINE, "mcpool: no MicroProfile Config for " + APPLICATION_KEY, noConfig);
        }
        try {
            Object name = new InitialContext().lookup("java:app/AppName");
            return name instanceof String s && !s.isBlank() ? s : null;
        } catch (NamingException | RuntimeException notInAnApplicationServer) {
            return null;
        }
    }
}
