package io.mcpool.cdi;

import io.mcpool.McpPool;
import io.mcpool.config.PoolConfigReader;
import io.mcpool.config.PoolSettings;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.HealthProbe;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.SamplingHandler;
import io.mcpool.spi.TransportFactory;
import io.mcpool.spi.WarmupHook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable CDI extension of mcpool (registered in {@code META-INF/services}): one
 * {@code @ApplicationScoped} {@link McpPool} bean per pool configured in MicroProfile Config with
 * {@code mcpool.<pool>.<property>} keys, qualified {@link McpPoolName @McpPoolName("&lt;pool&gt;")}; the
 * pool named {@code default}, or the only one, is also the unqualified {@code McpPool}. Adds the
 * {@link McpPools} bean, and, when their APIs are present, MicroProfile Health checks and Metrics
 * per pool and JMX registration.
 *
 * <p>Wrong or missing configuration, an injection point naming a pool that is not configured, and
 * an ambiguous application bean for a pool fail the deployment with a {@link DeploymentException}
 * that lists every problem by configuration key. Secrets never appear in its message.
 *
 * <p>See {@code docs/jakarta.md} for the keys, metrics and health checks.
 */
public class McpPoolExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(McpPoolExtension.class.getName());
    private static final List<Class<?>> POOL_BEANS = List.of(AuthProvider.class, HealthProbe.class,
            WarmupHook.class, TransportFactory.class, LimitsBackend.class, ElicitationHandler.class,
            SamplingHandler.class, RootsHandler.class);

    /** Injection points of type McpPool with @McpPoolName, by the name they ask for. */
    private final SortedMap<String, SortedSet<String>> namedRequests = new TreeMap<>();
    /** Injection points of type McpPool without a qualifier. */
    private final SortedSet<String> defaultRequests = new TreeSet<>();

    private Config config;
    private SortedSet<String> poolNames = new TreeSet<>();
    private String defaultPool;
    private List<Integration> integrations = List.of();
    private volatile PoolRegistry registry;

    /** Created by the container through {@link java.util.ServiceLoader}. */
    public McpPoolExtension() {
    }

    void addTypes(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
        event.addAnnotatedType(beanManager.createAnnotatedType(McpPools.class), McpPools.class.getName());
        integrations = Integrations.load(McpPoolExtension.class.getClassLoader());
        for (Integration integration : integrations) {
            integration.addTypes(event, beanManager);
        }
    }

    void collectInjectionPoint(@Observes ProcessInjectionPoint<?, McpPool> event) {
        InjectionPoint ip = event.getInjectionPoint();
        String where = describe(ip);
        McpPoolName named = null;
        boolean isDefault = false;
        for (Annotation q : ip.getQualifiers()) {
            if (q instanceof McpPoolName n) {
                named = n;
            } else if (q instanceof Default) {
                isDefault = true;
            }
        }
        if (named != null) {
            namedRequests.computeIfAbsent(named.value(), k -> new TreeSet<>()).add(where);
        } else if (isDefault || ip.getQualifiers().isEmpty()) {
            defaultRequests.add(where);
        }
    }

    void addPoolBeans(@Observes AfterBeanDiscovery event, BeanManager beanManager) {
        config = ConfigProvider.getConfig(contextClassLoader());
        poolNames = new PoolConfigReader(new MicroProfileLookup(config)).poolNames();
        defaultPool = poolNames.contains("default") ? "default" : poolNames.size() == 1 ? poolNames.first() : null;
        for (String name : poolNames) {
            Set<Annotation> qualifiers = new java.util.HashSet<>(Set.of(McpPoolName.Literal.of(name), Any.Literal.INSTANCE));
            if (name.equals(defaultPool)) {
                qualifiers.add(Default.Literal.INSTANCE);
            }
            event.addBean()
                    .id(McpPoolExtension.class.getName() + ".pool." + name)
                    .beanClass(McpPoolExtension.class)
                    .types(McpPool.class, Object.class)
                    .qualifiers(qualifiers)
                    .scope(ApplicationScoped.class)
                    .createWith(c -> registry().handle(name).proxy())
                    .destroyWith((pool, c) -> {
                        PoolRegistry r = registry;
                        if (r != null) {
                            r.handle(name).close();
                        }
                    });
        }
        // Injection points that cannot be served get a bean that is never used, so that the deployment
        // fails below with a message naming the pool instead of the container's "unsatisfied dependency".
        for (String wanted : namedRequests.keySet()) {
            if (!poolNames.contains(wanted)) {
                placeholder(event, "missing." + wanted, Set.of(McpPoolName.Literal.of(wanted), Any.Literal.INSTANCE));
            }
        }
        if (!defaultRequests.isEmpty() && defaultPool == null) {
            placeholder(event, "missing-default", Set.of(Default.Literal.INSTANCE, Any.Literal.INSTANCE));
        }
        for (Integration integration : integrations) {
            integration.addBeans(event, this::registry, poolNames);
        }
    }

    private static void placeholder(AfterBeanDiscovery event, String id, Set<Annotation> qualifiers) {
        event.addBean()
                .id(McpPoolExtension.class.getName() + "." + id)
                .beanClass(McpPoolExtension.class)
                .types(McpPool.class, Object.class)
                .qualifiers(qualifiers)
                .scope(ApplicationScoped.class)
                .createWith(c -> {
                    throw new IllegalStateException("mcpool: the deployment failed validation");
                });
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        List<String> problems = new ArrayList<>();
        PoolConfigReader reader = new PoolConfigReader(new MicroProfileLookup(config));
        problems.addAll(reader.unknownKeys(poolNames));
        namedRequests.forEach((wanted, where) -> {
            if (!poolNames.contains(wanted)) {
                problems.add("@McpPoolName(\"" + wanted + "\") McpPool injected at " + String.join(", ", where)
                        + ": no pool '" + wanted + "' is configured; configured pools: " + PoolConfigReader.listOrNone(poolNames)
                        + " (a pool is configured by mcpool.<pool>.endpoint, .command, .stdio or .transport)");
            }
        });
        if (!defaultRequests.isEmpty() && defaultPool == null) {
            String where = String.join(", ", defaultRequests);
            problems.add(poolNames.isEmpty()
                    ? "McpPool injected at " + where + ": no pool is configured; add e.g. "
                            + "mcpool.default.endpoint=http://localhost:8080/mcp to microprofile-config.properties"
                    : "McpPool injected at " + where + " without @McpPoolName, but pools " + String.join(", ", poolNames)
                            + " are configured and none is named 'default': add @McpPoolName(\"" + poolNames.first()
                            + "\") or name a pool 'default'");
        }
        Map<String, PoolSettings> settings = new LinkedHashMap<>();
        for (String name : poolNames) {
            boolean hasTransportFactory = false;
            for (Class<?> type : POOL_BEANS) {
                Bean<?> bean = unique(beanManager, type, McpPoolName.Literal.of(name), name, problems);
                if (bean == null && beanManager.getBeans(type, McpPoolName.Literal.of(name)).isEmpty()) {
                    bean = unique(beanManager, type, Default.Literal.INSTANCE, name, problems);
                }
                hasTransportFactory |= type == TransportFactory.class && bean != null;
            }
            reader.read(name, hasTransportFactory, problems).ifPresent(s -> settings.put(name, s));
        }
        if (!problems.isEmpty()) {
            event.addDeploymentProblem(new DeploymentException(problems.size() == 1
                    ? "mcpool: " + problems.get(0)
                    : "mcpool: " + problems.size() + " problems in the MCP pool configuration:\n  - "
                            + String.join("\n  - ", problems)));
            return;
        }
        registry = new PoolRegistry(settings, new PoolWiring(beanManager, integrations));
        if (poolNames.isEmpty()) {
            LOG.info("mcpool: no pool configured (no mcpool.<pool>.endpoint, .command, .stdio or .transport key)");
        } else {
            LOG.info(() -> "mcpool: pools " + poolNames + (defaultPool == null ? "" : ", default '" + defaultPool + "'")
                    + (integrations.isEmpty() ? "" : "; integrations: " + integrations.stream()
                            .map(i -> i.getClass().getSimpleName()).collect(Collectors.joining(", "))));
        }
    }

    /**
     * @return the one bean of {@code type} with {@code qualifier}, or null; a problem when several apply
     */
    private static Bean<?> unique(BeanManager beanManager, Class<?> type, Annotation qualifier, String pool,
            List<String> problems) {
        try {
            return PoolWiring.resolve(beanManager, type, qualifier);
        } catch (AmbiguousResolutionException e) {
            problems.add("pool '" + pool + "': more than one " + type.getSimpleName() + " bean applies ("
                    + beanManager.getBeans(type, qualifier).stream().map(b -> b.getBeanClass().getName()).sorted()
                            .collect(Collectors.joining(", "))
                    + "); keep one, or qualify them with @McpPoolName");
            return null;
        }
    }

    /** @return the pools, once the deployment is validated */
    PoolRegistry registry() {
        PoolRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException("mcpool: the pools are not available: the deployment failed validation "
                    + "or has not been validated yet");
        }
        return r;
    }

    private static String describe(InjectionPoint ip) {
        if (ip.getMember() == null) {
            return String.valueOf(ip);
        }
        return ip.getMember().getDeclaringClass().getName() + "." + ip.getMember().getName();
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : McpPoolExtension.class.getClassLoader();
    }
}
