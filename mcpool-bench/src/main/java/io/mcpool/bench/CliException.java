package io.mcpool.bench;

/** A command-line mistake: its message says what is wrong and what to write instead. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it; never a header value */
    public CliException(String message) {
        super(message);
    }
}
