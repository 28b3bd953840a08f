/**
 * Shared by mcpool's own modules, not part of the API: it may change in any release. Applications
 * use {@code io.mcpool} and its other sub-packages.
 */
package io.mcpool.internal;
