package io.mcpool.examples.spring;

import io.mcpool.McpPool;
import io.mcpool.spring.McpPoolName;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application that calls the {@code echo} tool of an MCP server through the pool
 * {@code tools}, configured in {@code application.properties} ({@code MCP_ENDPOINT} sets its endpoint).
 */
@SpringBootApplication
public class SpringBootApp {

    /** @param args Spring Boot's arguments, e.g. {@code --mcpool.tools.endpoint=http://localhost:3001/mcp} */
    public static void main(String[] args) {
        SpringApplication.run(SpringBootApp.class, args);
    }

    /** {@code GET /echo?message=hi} calls the tool on a pooled session. */
    @RestController
    static class EchoController {

        private final McpPool pool;

        EchoController(@McpPoolName("tools") McpPool pool) {
            this.pool = pool;
        }

        @GetMapping("/echo")
        String echo(@RequestParam String message) {
            McpSchema.CallToolResult result = pool.callTool("echo", Map.of("message", message));
            return result.content().stream()
                    .filter(c -> c instanceof McpSchema.TextContent)
                    .map(c -> ((McpSchema.TextContent) c).text())
                    .collect(Collectors.joining("\n"));
        }
    }
}
