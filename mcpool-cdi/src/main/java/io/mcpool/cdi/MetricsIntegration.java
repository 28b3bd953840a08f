package io.mcpool.cdi;

import io.mcpool.McpPool;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Registers each pool's MicroProfile Metrics in the application registry (see
 * {@link PoolMetricsRegistration}). Loaded only when the MP Metrics API is on the class path; does
 * nothing when the runtime has the API but no registry bean.
 */
final class MetricsIntegration implements Integration {

    private static final Logger LOG = Logger.getLogger(MetricsIntegration.class.getName());

    private volatile boolean noRegistryLogged;

    /** For {@link Integrations}. */
    MetricsIntegration() {
    }

    @Override
    public void addTypes(BeforeBeanDiscovery bbd, BeanManager beanManager) {
        bbd.addAnnotatedType(beanManager.createAnnotatedType(MetricRegistryAccess.class), MetricRegistryAccess.class.getName());
    }

    @Override
    public Runnable bind(McpPool pool, BeanManager beanManager) {
        Bean<?> bean = PoolWiring.resolve(beanManager, MetricRegistryAccess.class, Default.Literal.INSTANCE);
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        MetricRegistryAccess access = (MetricRegistryAccess) beanManager.getReference(bean, MetricRegistryAccess.class, context);
        Optional<MetricRegistry> registry = access.applicationRegistry();
        if (registry.isEmpty()) {
            context.release();
            if (!noRegistryLogged) {
                noRegistryLogged = true;
                LOG.info("mcpool: the MicroProfile Metrics API is present but no MetricRegistry bean is: no pool metrics");
            }
            return NOTHING;
        }
        Runnable unregister = new PoolMetricsRegistration(pool, registry.get()).register();
        return () -> {
            unregister.run();
            context.release();
        };
    }
}
