package io.mcpool.spring;

import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.config.PoolConfigReader;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code mcpool.<pool>.*} properties through the shared mapping and registers one
 * {@link McpPool} bean per pool, named after it and qualified with {@link McpPoolName}; the pool named
 * {@code default}, or the only pool, is primary. Each pool gets the application's SPI beans meant for it
 * ({@link PoolBeans}) and then its {@link McpPoolConfigCustomizer}s; a {@code lazy-start} pool's bean
 * starts it at first use ({@link StartOnFirstUse}). Any problem fails startup with
 * {@link McpPoolConfigurationException}. Pools are started and closed by {@link McpPoolLifecycle}.
 */
final class McpPoolRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

    /** The bean holding every pool's settings. */
    static final String SETTINGS_BEAN = "mcpoolSettings";

    private ConfigurableEnvironment environment;
    private PoolBeans poolBeans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.poolBeans = new PoolBeans((ListableBeanFactory) beanFactory);
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        PoolConfigReader reader = new PoolConfigReader(new SpringPropertyLookup(environment));
        SortedSet<String> names = reader.poolNames();
        List<String> problems = new ArrayList<>(reader.unknownKeys(names));
        Map<String, PoolSettings> settings = new LinkedHashMap<>();
        for (String name : names) {
            reader.read(name, poolBeans.has(TransportFactory.class, name), problems).ifPresent(s -> settings.put(name, s));
        }
        if (!problems.isEmpty()) {
            throw new McpPoolConfigurationException(problems);
        }
        McpPoolSettings all = new McpPoolSettings(settings);
        RootBeanDefinition holder = new RootBeanDefinition(McpPoolSettings.class, () -> all);
        registry.registerBeanDefinition(SETTINGS_BEAN, holder);
        String primary = names.contains("default") ? "default" : names.size() == 1 ? names.first() : null;
        for (PoolSettings s : settings.values()) {
            RootBeanDefinition pool = new RootBeanDefinition(McpPool.class, () -> create(s));
            pool.addQualifier(new AutowireCandidateQualifier(McpPoolName.class, s.name()));
            pool.setDestroyMethodName("close");
            pool.setPrimary(s.name().equals(primary));
            registry.registerBeanDefinition(s.name(), pool);
        }
    }

    /** @return the pool of these settings with the application's beans for it, not started */
    private McpPool create(PoolSettings settings) {
        String name = settings.name();
        PoolConfig.Builder builder = settings.config().toBuilder();
        set(poolBeans.single(AuthProvider.class, name), builder::authProvider);
        set(poolBeans.single(TransportFactory.class, name), builder::transportFactory);
        set(poolBeans.single(HealthProbe.class, name), builder::healthProbe);
        set(poolBeans.single(WarmupHook.class, name), builder::warmupHook);
        set(poolBeans.single(LimitsBackend.class, name), builder::limitsBackend);
        set(poolBeans.single(ElicitationHandler.class, name), builder::elicitationHandler);
        set(poolBeans.single(SamplingHandler.class, name), builder::samplingHandler);
        set(poolBeans.single(RootsHandler.class, name), builder::rootsHandler);
        for (McpPoolConfigCustomizer customizer : poolBeans.all(McpPoolConfigCustomizer.class, name)) {
            customizer.customize(name, builder);
        }
        PoolConfig config;
        try {
            config = builder.build();
        } catch (InvalidConfigException e) {
            // The core's violations carry redacted values only.
            throw new McpPoolConfigurationException(List.of("pool '" + name + "' after its beans and customizers: "
                    + e.getMessage()));
        }
        McpPool pool = McpPool.create(config);
        poolBeans.all(PoolListener.class, name).forEach(pool::addListener);
        return settings.lazyStart() ? StartOnFirstUse.wrap(pool) : pool;
    }

    private static <T> void set(T bean, java.util.function.Consumer<T> setter) {
        if (bean != null) {
            setter.accept(bean);
        }
    }
}
