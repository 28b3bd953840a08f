package io.mcpool.internal;

import io.mcpool.McpPool;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.spi.McpPoolProvider;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds the {@link McpPoolProvider} ({@code mcpool-impl}) for {@link McpPool#create} and {@link McpPoolManager#create}. */
public final class Providers {

    private Providers() {
    }

    /**
     * @return the first provider found with the API's class loader, else with the thread's context class loader
     * @throws IllegalStateException when no implementation is on the class path
     */
    public static McpPoolProvider first() {
        Iterator<McpPoolProvider> providers = ServiceLoader.load(McpPoolProvider.class, McpPool.class.getClassLoader())
                .iterator();
        if (!providers.hasNext()) {
            providers = ServiceLoader.load(McpPoolProvider.class).iterator();
        }
        if (!providers.hasNext()) {
            throw new IllegalStateException("No mcpool implementation found on the class path: add the dependency "
                    + "io.mcpool:mcpool-impl (it registers " + McpPoolProvider.class.getName()
                    + " in META-INF/services)");
        }
        return providers.next();
    }
}
