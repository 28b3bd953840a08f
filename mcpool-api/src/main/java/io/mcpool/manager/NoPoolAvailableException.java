package io.mcpool.manager;

import io.mcpool.McpPoolException;

/**
 * No pool of an {@link McpPoolManager} could serve a borrow or call: every pool was skipped or
 * failed with a pool-level error. The message names every pool and why it did not serve; the
 * failures of the pools that were tried are attached as suppressed exceptions.
 */
public class NoPoolAvailableException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message which pools were tried or skipped and why, and what to change */
    public NoPoolAvailableException(String message) {
        super(message);
    }
}
