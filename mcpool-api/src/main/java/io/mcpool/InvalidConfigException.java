package io.mcpool;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link PoolConfig} (or a runtime change to one) was refused. Lists every problem found, each
 * naming the property, the value given and the allowed range.
 */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One refused property.
     *
     * @param property the builder property name, e.g. {@code maxSessions}
     * @param value    the refused value as text, already redacted if it could be a secret
     * @param message  what is wrong and what is allowed
     */
    public record Violation(String property, String value, String message) {
        @Override
        public String toString() {
            return property + "=" + value + ": " + message;
        }
    }

    private final String poolName;
    private final transient List<Violation> violations;

    /**
     * @param poolName   the pool the configuration was for
     * @param violations every problem found, at least one
     */
    public InvalidConfigException(String poolName, List<Violation> violations) {
        super("Invalid configuration for mcpool '" + poolName + "': "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.poolName = poolName;
        this.violations = List.copyOf(violations);
    }

    /** @return the pool the configuration was for */
    public String poolName() {
        return poolName;
    }

    /** @return every problem found */
    public List<Violation> violations() {
        return violations;
    }
}
