package io.mcpool.examples.liberty;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The example's JAX-RS root: {@code /liberty-app/api}. */
@ApplicationPath("/api")
public class ExampleApplication extends Application {
}
