package io.mcpool.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * Finds the application's beans for one pool: a bean annotated {@link McpPoolName @McpPoolName("x")}
 * (on its class or its {@code @Bean} method) serves pool {@code x} only; a bean without it serves every
 * pool. For single-valued SPIs the pool's own bean wins over an unqualified one, and two candidates at
 * the same level fail startup naming them: a credential must never reach a pool by chance.
 */
final class PoolBeans {

    private final ListableBeanFactory beans;

    PoolBeans(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * @param beanName a bean
     * @return the pool its {@link McpPoolName} names, or {@code null} when it has none
     */
    String poolOf(String beanName) {
        McpPoolName name = beans.findAnnotationOnBean(beanName, McpPoolName.class, false);
        return name == null ? null : name.value();
    }

    /** @return the names of the beans of {@code type} qualified for {@code pool} (or unqualified when pool is null) */
    private List<String> names(Class<?> type, String pool) {
        List<String> found = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(type, true, false)) {
            String owner = poolOf(name);
            if (pool == null ? owner == null : pool.equals(owner)) {
                found.add(name);
            }
        }
        return found;
    }

    /**
     * @param type a single-valued SPI such as {@code AuthProvider}
     * @param pool the pool
     * @return whether the application has a bean of that type for the pool (its own or an unqualified one)
     */
    boolean has(Class<?> type, String pool) {
        return !names(type, pool).isEmpty() || !names(type, null).isEmpty();
    }

    /**
     * @param type a single-valued SPI
     * @param pool the pool
     * @return the bean qualified for the pool, else the unqualified one, else {@code null}
     * @throws McpPoolConfigurationException when two beans qualify at the same level
     */
    <T> T single(Class<T> type, String pool) {
        List<String> own = names(type, pool);
        List<String> candidates = own.isEmpty() ? names(type, null) : own;
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() > 1) {
            throw new McpPoolConfigurationException(List.of("pool '" + pool + "' has " + candidates.size() + " "
                    + (own.isEmpty() ? "unqualified " : "@McpPoolName(\"" + pool + "\") ") + type.getSimpleName()
                    + " beans " + candidates + ": keep one, or qualify each with @McpPoolName(\"<pool>\")"));
        }
        return beans.getBean(candidates.get(0), type);
    }

    /**
     * @param type a multi-valued SPI such as {@code PoolListener}
     * @param pool the pool
     * @return the beans qualified for the pool and the unqualified ones, in {@code @Order} order
     */
    <T> List<T> all(Class<T> type, String pool) {
        List<T> found = new ArrayList<>();
        for (Map.Entry<String, T> e : beans.getBeansOfType(type, true, false).entrySet()) {
            String owner = poolOf(e.getKey());
            if (owner == null || owner.equals(pool)) {
                found.add(e.getValue());
            }
        }
        AnnotationAwareOrderComparator.sort(found);
        return found;
    }
}
