package io.mcpool.cdi;

import io.mcpool.McpPool;
import io.mcpool.manager.McpPoolManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * All pools the application configured, by name: for code that picks a pool at run time.
 *
 * <pre>{@code
 * @Inject McpPools pools;
 * ...
 * pools.get(tenant.mcpServer()).callTool("search", Map.of("q", query));
 * }</pre>
 *
 * <p>The pools are the same instances as the injected {@code @McpPoolName} beans. This bean also
 * owns their life: it starts every pool that is not {@code lazy-start} when the application starts,
 * and drains and shuts all of them down when the application stops.
 */
@ApplicationScoped
public class McpPools implements Iterable<McpPool> {

    @Inject
    McpPoolExtension extension;

    /** For CDI. */
    protected McpPools() {
    }

    /** @return the names of the configured pools, sorted */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(registry().handles().keySet()));
    }

    /**
     * @param name a pool's name
     * @return the pool (started at its first use if it is {@code lazy-start})
     * @throws IllegalArgumentException naming the configured pools when {@code name} is not one of them
     */
    public McpPool get(String name) {
        return registry().handle(name).proxy();
    }

    /**
     * @param name a pool's name
     * @return the pool, or empty when no pool has that name
     */
    public Optional<McpPool> find(String name) {
        PoolHandle h = registry().handles().get(name);
        return h == null ? Optional.empty() : Optional.of(h.proxy());
    }

    /** @return every pool by name, sorted by name; unmodifiable */
    public Map<String, McpPool> asMap() {
        Map<String, McpPool> map = new LinkedHashMap<>();
        registry().handles().forEach((name, h) -> map.put(name, h.proxy()));
        return Collections.unmodifiableMap(map);
    }

    /** @return the pools, sorted by name */
    @Override
    public Iterator<McpPool> iterator() {
        return asMap().values().iterator();
    }

    /**
     * The configured pools behind one {@link McpPoolManager} (named {@code mcpool}), for selection
     * strategies and failover across them: {@code @Inject McpPoolManager manager}. Getting it starts
     * the pools it serves (also {@code lazy-start} ones); they stay owned by this bean and are shut
     * down with the application.
     *
     * @return the manager
     */
    @Produces
    @ApplicationScoped
    McpPoolManager manager() {
        McpPoolManager manager = McpPoolManager.create("mcpool");
        asMap().values().forEach(pool -> manager.adopt(pool, 1));
        manager.start();
        return manager;
    }

    private PoolRegistry registry() {
        return extension.registry();
    }

    void onApplicationStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        registry().startEager();
    }

    void onApplicationStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        registry().shutdownAll();
    }
}
