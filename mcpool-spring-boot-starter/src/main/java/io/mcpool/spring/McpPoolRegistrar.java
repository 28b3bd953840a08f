package io.mcpool.spring;

import io.mcpool.McpPool;
import io.mcpool.config.PoolConfigReader;
import io.mcpool.config.PoolSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
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
 * {@code default}, or the only pool, is primary. Any problem fails startup with
 * {@link McpPoolConfigurationException}. Pools are started and closed by {@link McpPoolLifecycle}.
 */
final class McpPoolRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    /** The bean holding every pool's settings. */
    static final String SETTINGS_BEAN = "mcpoolSettings";

    private ConfigurableEnvironment environment;

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
            reader.read(name, false, problems).ifPresent(s -> settings.put(name, s));
        }
        if (!problems.isEmpty()) {
            throw new McpPoolConfigurationException(problems);
        }
        McpPoolSettings all = new McpPoolSettings(settings);
        RootBeanDefinition holder = new RootBeanDefinition(McpPoolSettings.class, () -> all);
        registry.registerBeanDefinition(SETTINGS_BEAN, holder);
        String primary = names.contains("default") ? "default" : names.size() == 1 ? names.first() : null;
        for (PoolSettings s : settings.values()) {
            RootBeanDefinition pool = new RootBeanDefinition(McpPool.class, () -> McpPool.create(s.config()));
            pool.addQualifier(new AutowireCandidateQualifier(McpPoolName.class, s.name()));
            pool.setDestroyMethodName("close");
            pool.setPrimary(s.name().equals(primary));
            registry.registerBeanDefinition(s.name(), pool);
        }
    }
}
