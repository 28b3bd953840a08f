package io.mcpool.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The test application's JAX-RS root, {@code /api}. */
@ApplicationPath("/api")
public class McpApplication extends Application {
}
