package io.mcpool.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Names the pool an injection point, an event observer or an application-supplied bean belongs to.
 *
 * <pre>{@code
 * @Inject @McpPoolName("github") McpPool github;             // the pool configured by mcpool.github.*
 *
 * void onReady(@Observes @McpPoolName("github") PoolEvent.PoolReady e) { ... }   // that pool's events only
 *
 * @Produces @McpPoolName("github")                           // used by pool "github" only; an
 * AuthProvider githubAuth() { ... }                          // unqualified bean serves every pool
 * }</pre>
 *
 * <p>A pool named {@code default}, or the only pool configured, is also injectable without a qualifier.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface McpPoolName {

    /** @return the pool's name: the {@code <pool>} of its {@code mcpool.<pool>.*} configuration keys */
    String value();

    /** An instance of {@link McpPoolName}, for programmatic lookup: {@code instance.select(McpPoolName.Literal.of("github"))}. */
    final class Literal extends AnnotationLiteral<McpPoolName> implements McpPoolName {
        private static final long serialVersionUID = 1L;

        /** The pool's name. */
        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /**
         * @param name the pool's name
         * @return the qualifier naming that pool
         */
        public static Literal of(String name) {
            return new Literal(name);
        }

        /** @return the pool's name */
        @Override
        public String value() {
            return value;
        }
    }
}
