/**
 * Internal: how sessions' SDK transports are built and share the pool's HTTP client. Not an API;
 * may change in any release.
 */
package io.mcpool.impl.transport;
