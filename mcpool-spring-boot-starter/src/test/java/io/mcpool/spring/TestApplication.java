package io.mcpool.spring;

import io.mcpool.McpPool;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** A Spring Boot application as users write one, with beans that inject pools by name. */
@SpringBootApplication
class TestApplication {

    /** Injects by the starter's qualifier annotation. */
    @Component
    static class ByAnnotation {
        final McpPool pool;

        ByAnnotation(@McpPoolName("github") McpPool pool) {
            this.pool = pool;
        }
    }

    /** Injects by bean name, Spring's own way. */
    @Component
    static class ByQualifier {
        final McpPool pool;

        ByQualifier(@Qualifier("files") McpPool pool) {
            this.pool = pool;
        }
    }
}
