package io.mcpool.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Gets the application {@link MetricRegistry} through a real injection point, as MP Metrics
 * producers expect (they read the injection point's annotations), and tolerates its absence.
 */
@Dependent
class MetricRegistryAccess {

    @Inject
    Instance<MetricRegistry> registries;

    /** @return the application registry, when the runtime provides one */
    Optional<MetricRegistry> applicationRegistry() {
        return registries.isResolvable() ? Optional.of(registries.get()) : Optional.empty();
    }
}
