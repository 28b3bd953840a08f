package io.mcpool.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mcpool.McpPool;
import io.mcpool.config.PoolSettings;
import io.mcpool.micrometer.McpPoolMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Pools from {@code mcpool.<pool>.*} properties (the same keys, conversions and messages as the
 * MicroProfile Config integration), each a bean named after its pool and qualified with
 * {@link McpPoolName} and given the application's SPI beans and {@link McpPoolConfigCustomizer}s
 * ({@link McpPoolRegistrar}); started before and closed after the web server ({@link McpPoolLifecycle});
 * Actuator health under {@code mcpool} when Spring Boot's health support is present, with optional pools
 * left out of the {@code readiness} group ({@link OptionalPoolsReadiness}); Micrometer
 * meters through {@code mcpool-micrometer} when it and a {@code MeterRegistry} are present.
 */
@AutoConfiguration
public class McpPoolAutoConfiguration {

    /** @return the registrar that reads the properties and registers the pool beans */
    @Bean
    static McpPoolRegistrar mcpoolRegistrar() {
        return new McpPoolRegistrar();
    }

    /**
     * @param settings the pools' settings
     * @param beans    where the pool beans are
     * @return the lifecycle that starts and closes the pools
     */
    @Bean
    McpPoolLifecycle mcpoolLifecycle(McpPoolSettings settings, BeanFactory beans) {
        return new McpPoolLifecycle(settings, beans);
    }

    /** Actuator health: one indicator per pool under {@code mcpool}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        /**
         * @param settings the pools' settings
         * @param beans    where the pool beans are
         * @return the {@code mcpool} health contributor, with one entry per pool
         */
        @Bean
        HealthContributor mcpoolHealthContributor(McpPoolSettings settings, BeanFactory beans) {
            Map<String, HealthContributor> pools = new LinkedHashMap<>();
            settings.pools().forEach((name, s) -> pools.put(name,
                    new McpPoolHealthIndicator(beans.getBean(name, McpPool.class), s)));
            return CompositeHealthContributor.fromMap(pools);
        }
    }

    /** The optional-pool rule in Actuator's health groups. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
            "org.springframework.boot.actuate.endpoint.SecurityContext"})
    static class Readiness {

        /**
         * @param settings the pools' settings
         * @return the rule that keeps optional pools out of the {@code readiness} group
         */
        @Bean
        static OptionalPoolsReadiness mcpoolOptionalPoolsReadiness(McpPoolSettings settings) {
            return new OptionalPoolsReadiness(settings.pools().values().stream()
                    .filter(s -> !s.readiness()).map(PoolSettings::name)
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    /** Micrometer meters for every pool, through {@code mcpool-micrometer}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, McpPoolMetrics.class})
    static class Metrics {

        /**
         * @param settings the pools' settings
         * @param beans    where the pool beans are
         * @return a binder that binds every pool's meters
         */
        @Bean
        MeterBinder mcpoolMeterBinder(McpPoolSettings settings, BeanFactory beans) {
            return registry -> settings.pools().keySet().forEach(name ->
                    new McpPoolMetrics(beans.getBean(name, McpPool.class)).bindTo(registry));
        }
    }
}
