/**
 * The OAuth 2.1 client of the MCP authorization specification for pooled MCP clients: discovery (RFC 9728, RFC
 * 8414, OpenID Connect), client registration (pre-registered, client ID metadata documents, RFC 7591), the client
 * credentials, authorization code + PKCE and refresh grants with resource indicators (RFC 8707), a token cache per
 * identity with single-flight renewal, and scope step-up. Entry point: {@link io.mcpool.oauth.McpAuthorization};
 * {@link io.mcpool.oauth.McpSdkAuthorization} plugs it into the MCP Java SDK's HTTP transports.
 */
package io.mcpool.oauth;
