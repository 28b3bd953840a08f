/**
 * Jakarta CDI and MicroProfile integration of mcpool: add {@code mcpool-cdi} to a CDI application,
 * configure pools with MicroProfile Config keys {@code mcpool.<pool>.<property>}, and inject them:
 *
 * <pre>{@code
 * # META-INF/microprofile-config.properties
 * mcpool.github.endpoint=http://localhost:8080/mcp
 * mcpool.github.max-sessions=20
 *
 * @Inject @McpPoolName("github") McpPool github;
 * }</pre>
 *
 * <p>{@link io.mcpool.cdi.McpPoolExtension} registers the beans, {@link io.mcpool.cdi.McpPools}
 * groups them, {@link io.mcpool.cdi.McpPoolName} qualifies injection points, observers and the
 * beans the application supplies per pool. MicroProfile Health checks, MicroProfile Metrics and JMX
 * registration are added when their APIs are present. See {@code docs/jakarta.md}.
 */
package io.mcpool.cdi;
