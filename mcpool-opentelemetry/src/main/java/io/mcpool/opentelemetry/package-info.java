/**
 * OpenTelemetry traces and metrics for mcpool after the semantic conventions for MCP:
 * {@link io.mcpool.opentelemetry.McpPoolTelemetry}.
 */
package io.mcpool.opentelemetry;
