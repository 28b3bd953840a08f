package io.mcpool.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds a {@code @Readiness} and a {@code @Liveness} {@link HealthCheck} bean per pool, both named
 * {@code mcpool-<pool>}. Loaded only when the MP Health API is on the class path.
 */
final class HealthIntegration implements Integration {

    /** For {@link Integrations}. */
    HealthIntegration() {
    }

    @Override
    public void addBeans(AfterBeanDiscovery abd, Supplier<PoolRegistry> registry, Set<String> poolNames) {
        for (String name : poolNames) {
            abd.addBean()
                    .id(HealthIntegration.class.getName() + ".readiness." + name)
                    .beanClass(PoolReadinessCheck.class)
                    .types(HealthCheck.class, Object.class)
                    .qualifiers(Readiness.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .scope(Dependent.class)
                    .createWith(c -> new PoolReadinessCheck(name, registry));
            abd.addBean()
                    .id(HealthIntegration.class.getName() + ".liveness." + name)
                    .beanClass(PoolLivenessCheck.class)
                    .types(HealthCheck.class, Object.class)
                    .qualifiers(Liveness.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .scope(Dependent.class)
                    .createWith(c -> new PoolLivenessCheck(name, registry));
        }
    }
}
