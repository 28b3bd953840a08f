package io.mcpool.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Finds the optional integrations whose APIs the application has. */
final class Integrations {

    private static final Logger LOG = Logger.getLogger(Integrations.class.getName());

    private Integrations() {
    }

    /**
     * @param loader the class loader that sees the application's APIs
     * @return the integrations available, in a stable order: metrics, health, JMX
     */
    static List<Integration> load(ClassLoader loader) {
        List<Integration> found = new ArrayList<>();
        optional(loader, "org.eclipse.microprofile.metrics.MetricRegistry", "io.mcpool.cdi.MetricsIntegration", found);
        optional(loader, "org.eclipse.microprofile.health.HealthCheck", "io.mcpool.cdi.HealthIntegration", found);
        JmxIntegration.detect(loader).ifPresent(found::add);
        return List.copyOf(found);
    }

    static boolean present(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void optional(ClassLoader loader, String api, String integration, List<Integration> found) {
        if (!present(loader, api)) {
            LOG.fine(() -> api + " is not on the class path: mcpool's " + integration + " is off");
            return;
        }
        try {
            found.add(Class.forName(integration, true, Integrations.class.getClassLoader())
                    .asSubclass(Integration.class).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "mcpool: " + integration + " could not be loaded although " + api
                    + " is present; it is off", e);
        }
    }
}
