package io.mcpool.cdi;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.config.PoolSettings;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.HealthProbe;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.spi.PoolListener;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.SamplingHandler;
import io.mcpool.spi.TransportFactory;
import io.mcpool.spi.WarmupHook;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates a pool for a {@link PoolHandle}: the configured {@link PoolConfig} plus the beans the
 * application supplies for it ({@link AuthProvider}, {@link HealthProbe}, {@link WarmupHook},
 * {@link TransportFactory}, {@link LimitsBackend}, and the client-capability handlers {@link ElicitationHandler},
 * {@link SamplingHandler}, {@link RootsHandler}: the one qualified {@code @McpPoolName(pool)}, else the
 * unqualified one),
 * its {@link PoolListener} beans (qualified for it, or unqualified), the CDI event bridge and the
 * optional integrations.
 */
final class PoolWiring implements PoolHandle.Factory {

    private static final Logger LOG = Logger.getLogger(PoolWiring.class.getName());

    private final BeanManager beanManager;
    private final List<Integration> integrations;

    PoolWiring(BeanManager beanManager, List<Integration> integrations) {
        this.beanManager = beanManager;
        this.integrations = integrations;
    }

    @Override
    public PoolHandle.Wired create(PoolSettings settings) {
        String name = settings.name();
        List<Runnable> undo = new ArrayList<>();
        try {
            PoolConfig.Builder builder = settings.config().toBuilder();
            AuthProvider auth = lookup(AuthProvider.class, name, undo);
            if (auth != null) {
                builder.authProvider(auth);
            }
            HealthProbe probe = lookup(HealthProbe.class, name, undo);
            if (probe != null) {
                builder.healthProbe(probe);
            }
            WarmupHook warmup = lookup(WarmupHook.class, name, undo);
            if (warmup != null) {
                builder.warmupHook(warmup);
            }
            TransportFactory transport = lookup(TransportFactory.class, name, undo);
            if (transport != null) {
                builder.transportFactory(transport);
            }
            LimitsBackend limits = lookup(LimitsBackend.class, name, undo);
            if (limits != null) {
                builder.limitsBackend(limits);
            }
            ElicitationHandler elicitation = lookup(ElicitationHandler.class, name, undo);
            if (elicitation != null) {
                builder.elicitationHandler(elicitation);
            }
            SamplingHandler sampling = lookup(SamplingHandler.class, name, undo);
            if (sampling != null) {
                builder.samplingHandler(sampling);
            }
            RootsHandler roots = lookup(RootsHandler.class, name, undo);
            if (roots != null) {
                builder.rootsHandler(roots);
            }
            McpPool pool = McpPool.create(builder.build());
            undo.add(pool::shutdown); // a no-op after the handle shut it down; closes it if wiring fails below
            // Listeners leave with the wiring: a lease returned after the application stopped must not
            // reach a container that is gone.
            List<PoolListener> listeners = new ArrayList<>();
            listeners.add(new CdiEventBridge(beanManager, name));
            listeners.addAll(listeners(name, undo));
            for (PoolListener listener : listeners) {
                pool.addListener(listener);
                undo.add(() -> pool.removeListener(listener));
            }
            for (Integration integration : integrations) {
                undo.add(integration.bind(pool, beanManager));
            }
            return new PoolHandle.Wired(pool, () -> undoAll(name, undo));
        } catch (RuntimeException e) {
            undoAll(name, undo);
            throw e;
        }
    }

    private static void undoAll(String name, List<Runnable> undo) {
        List<Runnable> reversed = new ArrayList<>(undo);
        Collections.reverse(reversed);
        for (Runnable r : reversed) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "mcpool: cleaning up pool '" + name + "' failed", e);
            }
        }
    }

    /**
     * @return the bean of {@code type} qualified for this pool, else the unqualified one, else null
     */
    private <T> T lookup(Class<T> type, String pool, List<Runnable> undo) {
        Bean<?> bean = resolve(beanManager, type, McpPoolName.Literal.of(pool));
        if (bean == null) {
            bean = resolve(beanManager, type, Default.Literal.INSTANCE);
        }
        if (bean == null) {
            return null;
        }
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        undo.add(context::release);
        return type.cast(beanManager.getReference(bean, type, context));
    }

    private List<PoolListener> listeners(String pool, List<Runnable> undo) {
        List<PoolListener> found = new ArrayList<>();
        for (Bean<?> bean : beanManager.getBeans(PoolListener.class, jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
            if (!servesPool(bean.getQualifiers(), pool)) {
                continue;
            }
            CreationalContext<?> context = beanManager.createCreationalContext(bean);
            undo.add(context::release);
            found.add((PoolListener) beanManager.getReference(bean, PoolListener.class, context));
        }
        return found;
    }

    /** @return whether a bean with these qualifiers serves {@code pool}: named for it, or unqualified */
    static boolean servesPool(Set<Annotation> qualifiers, String pool) {
        for (Annotation q : qualifiers) {
            if (q instanceof McpPoolName named) {
                return named.value().equals(pool);
            }
        }
        return qualifiers.contains(Default.Literal.INSTANCE);
    }

    /**
     * @return the one bean of {@code type} with {@code qualifier}, or null when there is none
     * @throws jakarta.enterprise.inject.AmbiguousResolutionException when several qualify
     */
    static Bean<?> resolve(BeanManager beanManager, Class<?> type, Annotation qualifier) {
        Set<Bean<?>> beans = beanManager.getBeans(type, qualifier);
        return beans.isEmpty() ? null : beanManager.resolve(beans);
    }
}
