package io.mcpool;

/** What a borrow does when the rate limit has no permit for it. */
public enum RateLimitMode {
    /** Wait for a permit; the wait counts against the borrow timeout. */
    WAIT,
    /** Fail at once with {@link RateLimitExceededException}. */
    REJECT
}
