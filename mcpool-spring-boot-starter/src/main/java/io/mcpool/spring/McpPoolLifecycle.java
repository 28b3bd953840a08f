package io.mcpool.spring;

import io.mcpool.McpPool;
import io.mcpool.config.PoolSettings;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the pools before the web server starts taking requests and closes them (draining their
 * leases) after it has stopped: its {@linkplain #PHASE phase} is below the web server's lifecycles
 * ({@code SmartLifecycle.DEFAULT_PHASE - 2048} and {@code - 1024}), and Spring starts lower phases first
 * and stops them last. A pool with {@code lazy-start=true} is not started here. A pool that fails to
 * start fails startup, unless it is optional ({@code health.readiness=false}): then the failure is
 * logged and its health shows it not serving.
 */
final class McpPoolLifecycle implements SmartLifecycle {

    /** Below the web server's phases: started before it, stopped after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = Logger.getLogger(McpPoolLifecycle.class.getName());

    private final McpPoolSettings settings;
    private final BeanFactory beans;
    private volatile boolean running;

    McpPoolLifecycle(McpPoolSettings settings, BeanFactory beans) {
        this.settings = settings;
        this.beans = beans;
    }

    @Override
    public void start() {
        for (Map.Entry<String, PoolSettings> e : settings.pools().entrySet()) {
            if (e.getValue().lazyStart()) {
                continue;
            }
            McpPool pool = beans.getBean(e.getKey(), McpPool.class);
            try {
                pool.start();
            } catch (RuntimeException failure) {
                if (e.getValue().readiness()) {
                    throw failure;
                }
                LOG.log(Level.WARNING, "mcpool: optional pool '" + e.getKey() + "' did not start: " + failure);
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        for (String name : settings.pools().keySet()) {
            beans.getBean(name, McpPool.class).close();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
