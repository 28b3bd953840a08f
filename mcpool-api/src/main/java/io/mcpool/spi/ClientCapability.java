package io.mcpool.spi;

/**
 * A client capability a pool's sessions advertise to the server in {@code initialize}.
 *
 * <p>A pool advertises a capability when it has a pool-wide handler for it
 * ({@code PoolConfig.Builder.elicitationHandler}, {@code samplingHandler}, {@code rootsHandler}) or when
 * it declares the capability with {@code PoolConfig.Builder.clientCapabilities}: the way to advertise a
 * capability whose handlers only come per borrow. Sessions are made before anyone borrows them, so what
 * they advertise is fixed per pool: a borrow whose options carry a handler for a capability the pool does
 * not advertise is refused with an {@link IllegalArgumentException}. A server request for a declared
 * capability that no handler answers (the lease set none and the pool has none, or no lease holds the
 * session) gets a JSON-RPC error naming the missing handler.
 */
public enum ClientCapability {

    /** Form-mode elicitation ({@code elicitation.form}): the server asks the user to fill in a schema. */
    ELICITATION_FORM,

    /**
     * URL-mode elicitation ({@code elicitation.url}): the server asks the user to open a URL. Only
     * advertised when declared, since it sends the user to a site the server chooses. Both modes reach the same
     * {@link ElicitationHandler}; declare {@link #ELICITATION_FORM} too (or set a pool-wide handler) to offer both.
     */
    ELICITATION_URL,

    /** {@code sampling}: the server asks the client's model for a completion. */
    SAMPLING,

    /** {@code roots}: the server asks which roots it may work within. */
    ROOTS
}
