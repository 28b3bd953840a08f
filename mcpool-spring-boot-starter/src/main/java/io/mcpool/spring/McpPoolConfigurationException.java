package io.mcpool.spring;

import java.util.List;

/**
 * Startup fails with this when the {@code mcpool.*} properties are wrong: every problem, each named
 * by its property with the values it accepts; values of secret properties never appear.
 */
public class McpPoolConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems every problem found, each naming its property */
    public McpPoolConfigurationException(List<String> problems) {
        super(problems.size() == 1
                ? "mcpool: " + problems.get(0)
                : "mcpool: " + problems.size() + " problems in the MCP pool configuration:\n  - "
                        + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, each naming its property */
    public List<String> problems() {
        return problems;
    }
}
