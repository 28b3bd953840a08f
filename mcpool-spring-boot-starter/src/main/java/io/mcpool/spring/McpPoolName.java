package io.mcpool.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Selects the pool configured by {@code mcpool.<name>.*}: {@code @McpPoolName("github") McpPool pool}.
 * Each pool is also a bean named after it, so {@code @Qualifier("github")} selects it too.
 *
 * <p>On an application's bean ({@code @Bean} method or class) of an SPI type ({@code AuthProvider},
 * {@code TransportFactory}, {@code HealthProbe}, {@code WarmupHook}, {@code LimitsBackend},
 * {@code PoolListener}, {@code ElicitationHandler}, {@code SamplingHandler}, {@code RootsHandler}) or a {@link McpPoolConfigCustomizer}, it gives that bean to the named pool only;
 * such beans without it serve every pool.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface McpPoolName {

    /** @return the pool's name, the {@code <name>} of its {@code mcpool.<name>.*} keys */
    String value();
}
