package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.spi.ClientCapability;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpInputRoundsExceededException;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The input rounds of the stateless MCP revision 2026-07-28, answered by the pool. Where a session-based server sends
 * the client a request during a call ({@code elicitation/create}, {@code sampling/createMessage}, {@code roots/list}),
 * a 2026-07-28 server answers the call with {@code resultType: "input_required"} and its questions; the client asks
 * its handlers and sends the request again with their answers ({@code inputResponses}) and the server's
 * {@code requestState}. The SDK's client answers only elicitation rounds, from handlers fixed per client or per call;
 * here every round is sent once ({@code callOnce()} and friends) and answered by {@link ClientFeatures}: the handler
 * of the lease that made the call, else the pool's, converted between the pool's session-based data model and the
 * 2026-07-28 types. Form answers get the schema's defaults, as the session-based path does. The same rounds run on a
 * handle's sync client ({@link #resolve}: the lease holding the handle, on the caller's thread) and on the async
 * client every lease of an endpoint shares ({@link #of} the calling lease, {@link #resolveAsync}: handlers on Reactor's
 * bounded-elastic scheduler, the whole exchange under the call's deadline).
 *
 * <p>A call may go through {@link #MAX_ROUNDS} input rounds (the SDK client's own default); a server that asks once
 * more fails the call with an {@link McpInputRoundsExceededException} naming the limit. A question no handler
 * answers fails the call with the session-based path's JSON-RPC error ({@link McpError}) naming the handler to set.
 * Both leave the handle usable: the server answered.
 *
 * <p>{@link #advertising} puts the pool's client capabilities in every request's {@code _meta}, as the session-based
 * path puts them in {@code initialize}: the SDK client advertises only the elicitation handlers given to it.
 */
final class InputRounds {

    /** The input rounds one call may go through: the SDK client's own default. */
    static final int MAX_ROUNDS = McpClient.DEFAULT_MAX_INPUT_ROUNDS;

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    /** One round trip of a request: sent with the answers so far and the server's state (null on the first). */
    @FunctionalInterface
    interface Round<O> {
        O send(Map<String, Object> inputResponses, String requestState);
    }

    /** One round trip of a request on an async client: not yet subscribed. */
    @FunctionalInterface
    interface AsyncRound<O> {
        Mono<O> send(Map<String, Object> inputResponses, String requestState);
    }

    private final ClientFeatures features;
    private final Supplier<BorrowOptions> asker;

    /** Rounds answered by the lease holding {@code handle} when they come (a sync request: its caller), else the pool. */
    InputRounds(ClientFeatures features, ManagedSession handle) {
        this(features, () -> ClientFeatures.optionsOf(handle));
    }

    private InputRounds(ClientFeatures features, Supplier<BorrowOptions> asker) {
        this.features = features;
        this.asker = asker;
    }

    /**
     * @param lease the options of the lease that makes a call
     * @return rounds answered by that lease's handlers (else the pool's) whoever holds the handle when they come: for
     *     requests on a client shared by many leases, whose rounds may outlive the lease's hold on the handle
     */
    InputRounds of(BorrowOptions lease) {
        return new InputRounds(features, () -> lease);
    }

    /** @return the progress listener of the lease these rounds answer for, or null */
    java.util.function.Consumer<McpSchema.ProgressNotification> progressListener() {
        BorrowOptions options = asker.get();
        return options == null ? null : options.progressListener();
    }

    /**
     * Sends a request round by round until the server's answer is complete.
     *
     * @param what  the request, for messages (e.g. {@code tools/call search})
     * @return the complete outcome
     */
    <O extends io.modelcontextprotocol.modern.McpSchema.Result> O resolve(String what, Round<O> round) {
        Map<String, Object> answers = null;
        String state = null;
        for (int asked = 0;; asked++) {
            O outcome = round.send(answers, state);
            io.modelcontextprotocol.modern.McpSchema.InputRequiredResult required = required(what, asked, outcome);
            if (required == null) {
                return outcome;
            }
            answers = answers(required);
            if (answers == null) {
                pause(asked); // the server only wants the request again with its state (work in progress)
            }
            state = required.requestState();
        }
    }

    /**
     * Sends a request round by round, as {@link #resolve}, without holding a thread while the server works. The
     * handlers (which may block: sampling asks a model) run on Reactor's {@link Schedulers#boundedElastic()}
     * scheduler, never on the thread that delivered the server's answer (an HTTP client or stdio I/O thread).
     * Cancelling the returned request cancels the round in flight (on 2026-07-28 over HTTP: closes its stream), or
     * stops waiting for a handler (which is interrupted when it blocks), and sends no further round.
     *
     * @param what the request, for messages
     * @return the complete outcome, when subscribed
     */
    <O extends io.modelcontextprotocol.modern.McpSchema.Result> Mono<O> resolveAsync(String what, AsyncRound<O> round) {
        return next(what, round, null, null, 0);
    }

    private <O extends io.modelcontextprotocol.modern.McpSchema.Result> Mono<O> next(String what, AsyncRound<O> round,
            Map<String, Object> answers, String state, int asked) {
        return Mono.defer(() -> round.send(answers, state)).flatMap(outcome -> {
            io.modelcontextprotocol.modern.McpSchema.InputRequiredResult required = required(what, asked, outcome);
            if (required == null) {
                return Mono.just(outcome);
            }
            String newState = required.requestState();
            return Mono.fromCallable(() -> Optional.ofNullable(answers(required)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(given -> given.isPresent() ? next(what, round, given.get(), newState, asked + 1)
                            : Mono.delay(Duration.ofMillis(pauseMillis(asked)))
                                    .then(next(what, round, null, newState, asked + 1)));
        });
    }

    /**
     * @param asked the rounds answered so far
     * @return the server's questions when {@code outcome} asks for input, null when it is complete
     * @throws McpInputRoundsExceededException when it asks once more than {@link #MAX_ROUNDS}
     */
    private io.modelcontextprotocol.modern.McpSchema.InputRequiredResult required(String what, int asked, Object outcome) {
        if (!(outcome instanceof io.modelcontextprotocol.modern.McpSchema.InputRequiredResult required)) {
            return null;
        }
        if (asked == MAX_ROUNDS) {
            throw new RoundsExceeded(features.poolName(), what);
        }
        return required;
    }

    /** @return the handlers' answers to the server's questions, or null when it asked none (work in progress) */
    private Map<String, Object> answers(io.modelcontextprotocol.modern.McpSchema.InputRequiredResult required) {
        Map<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> questions = required.inputRequests();
        if (questions == null || questions.isEmpty()) {
            return null;
        }
        BorrowOptions lease = asker.get();
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Map.Entry<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> q : questions.entrySet()) {
            answers.put(q.getKey(), answer(lease, q.getKey(), q.getValue()));
        }
        return answers;
    }

    /**
     * @return {@code spec} set up for a round: with the answers and state when there are any (the SDK's specs are
     *     immutable: each setter returns a new one)
     */
    static <S> S round(S spec, Map<String, Object> answers, String state, BiFunction<S, Map<String, Object>, S> withAnswers,
            BiFunction<S, String, S> withState) {
        S next = answers == null ? spec : withAnswers.apply(spec, answers);
        return state == null ? next : withState.apply(next, state);
    }

    private Object answer(BorrowOptions lease, String key, io.modelcontextprotocol.modern.McpSchema.InputRequest question) {
        try {
            if (question instanceof io.modelcontextprotocol.modern.McpSchema.ElicitInputRequest elicit) {
                McpSchema.ElicitRequest request = elicitRequest(key, elicit.params());
                McpSchema.ElicitResult result = features.elicit(lease, request);
                return JSON.convertValue(withDefaults(request, result),
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.class);
            }
            if (question instanceof io.modelcontextprotocol.modern.McpSchema.CreateMessageInputRequest sample) {
                McpSchema.CreateMessageResult result = features.sample(lease,
                        JSON.convertValue(sample.params(), McpSchema.CreateMessageRequest.class));
                if (result == null) {
                    throw new IllegalStateException("the handler returned null");
                }
                return JSON.convertValue(result, io.modelcontextprotocol.modern.McpSchema.CreateMessageResult.class);
            }
            if (question instanceof io.modelcontextprotocol.modern.McpSchema.ListRootsInputRequest) {
                List<io.modelcontextprotocol.modern.McpSchema.Root> roots = new ArrayList<>();
                features.roots(lease).forEach(root -> roots.add(JSON.convertValue(root,
                        io.modelcontextprotocol.modern.McpSchema.Root.class)));
                return io.modelcontextprotocol.modern.McpSchema.ListRootsResult.of(roots);
            }
        } catch (McpError refused) {
            throw refused;
        } catch (RuntimeException failed) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("The " + question.method() + " handler of pool '" + features.poolName() + "' failed on"
                            + " input request '" + key + "': " + Failures.describe(failed))
                    .build();
        }
        throw McpError.builder(McpSchema.ErrorCodes.METHOD_NOT_FOUND)
                .message("Pool '" + features.poolName() + "' cannot answer input request '" + key + "' ("
                        + question.method() + "): the pool answers elicitation, sampling and roots")
                .build();
    }

    /** @return the question as the session-based request the handlers take; a URL request's id is its input key */
    private static McpSchema.ElicitRequest elicitRequest(String key,
            io.modelcontextprotocol.modern.McpSchema.ElicitRequest modern) {
        if (modern instanceof io.modelcontextprotocol.modern.McpSchema.ElicitUrlRequest url) {
            return new McpSchema.ElicitUrlRequest(url.message(), url.url(), key, url.meta());
        }
        io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest form =
                (io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest) modern;
        return new McpSchema.ElicitFormRequest(form.message(), form.requestedSchema(), form.meta());
    }

    /** @return an accepted form answer with the schema's {@code default} for every field the handler left out */
    static McpSchema.ElicitResult withDefaults(McpSchema.ElicitRequest request, McpSchema.ElicitResult result) {
        if (result.action() != McpSchema.ElicitResult.Action.ACCEPT
                || !(request instanceof McpSchema.ElicitFormRequest form) || form.requestedSchema() == null
                || !(form.requestedSchema().get("properties") instanceof Map<?, ?> properties)) {
            return result;
        }
        Map<String, Object> content = result.content() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(result.content());
        properties.forEach((name, schema) -> {
            if (schema instanceof Map<?, ?> field && field.containsKey("default")) {
                content.putIfAbsent(String.valueOf(name), field.get("default"));
            }
        });
        return new McpSchema.ElicitResult(result.action(), content, result.meta());
    }

    private static long pauseMillis(int asked) {
        return Math.min(MAX_PAUSE.toMillis(), 25L << Math.min(asked, 6));
    }

    private static void pause(int asked) {
        try {
            Thread.sleep(pauseMillis(asked));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted between input rounds");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    /**
     * @return {@code transport}, or, when the pool advertises client capabilities, a transport that puts them in every
     *     request's {@code params._meta} beside the ones the SDK client puts there
     */
    static McpClientTransport advertising(McpClientTransport transport, Set<ClientCapability> advertised) {
        if (advertised.isEmpty()) {
            return transport;
        }
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities ours = capabilities(advertised);
        return new McpClientTransport() {
            @Override
            public reactor.core.publisher.Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
                return transport.exchange(withCapabilities(request, ours));
            }

            @Override
            public boolean mirrorsToolParams() {
                return transport.mirrorsToolParams();
            }
        };
    }

    private static io.modelcontextprotocol.modern.McpSchema.ClientCapabilities capabilities(Set<ClientCapability> set) {
        boolean form = set.contains(ClientCapability.ELICITATION_FORM);
        boolean url = set.contains(ClientCapability.ELICITATION_URL);
        return new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities(null,
                set.contains(ClientCapability.ROOTS) ? new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Roots()
                        : null,
                set.contains(ClientCapability.SAMPLING)
                        ? new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Sampling() : null,
                form || url ? new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation(
                        form ? new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation.Form() : null,
                        url ? new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation.Url() : null)
                        : null,
                null);
    }

    private static McpTransportRequest withCapabilities(McpTransportRequest request,
            io.modelcontextprotocol.modern.McpSchema.ClientCapabilities ours) {
        JsonRpc.JSONRPCRequest message = request.message();
        if (!(message.params() instanceof Map<?, ?> params) || !(params.get("_meta") instanceof Map<?, ?> meta)) {
            return request;
        }
        Map<String, Object> newMeta = new LinkedHashMap<>();
        meta.forEach((k, v) -> newMeta.put(String.valueOf(k), v));
        newMeta.put(CAPABILITIES, merged(meta.get(CAPABILITIES), ours));
        Map<String, Object> newParams = new LinkedHashMap<>();
        params.forEach((k, v) -> newParams.put(String.valueOf(k), v));
        newParams.put("_meta", newMeta);
        McpTransportRequest.Builder copy = McpTransportRequest.builder(new JsonRpc.JSONRPCRequest(message.jsonrpc(),
                message.method(), message.id(), newParams), request.protocolVersion())
                .name(request.name()).paramHeaders(request.paramHeaders());
        return (request.roundTimeout() == null ? copy : copy.roundTimeout(request.roundTimeout())).build();
    }

    /** @return the SDK client's capabilities (what a caller of {@code modernClient()} set) with the pool's added */
    private static io.modelcontextprotocol.modern.McpSchema.ClientCapabilities merged(Object sdks,
            io.modelcontextprotocol.modern.McpSchema.ClientCapabilities ours) {
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities theirs = sdks == null ? null
                : JSON.convertValue(sdks, io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.class);
        if (theirs == null) {
            return ours;
        }
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation e = ours.elicitation();
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation t = theirs.elicitation();
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation elicitation = e == null ? t : t == null ? e
                : new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation(
                        e.form() != null ? e.form() : t.form(), e.url() != null ? e.url() : t.url());
        return new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities(theirs.experimental(),
                ours.roots() != null ? ours.roots() : theirs.roots(),
                ours.sampling() != null ? ours.sampling() : theirs.sampling(), elicitation, theirs.extensions());
    }

    /** Too many input rounds: the SDK's exception (so callers that know it keep working), with the pool's message. */
    private static final class RoundsExceeded extends McpInputRoundsExceededException {

        private static final long serialVersionUID = 1L;
        private final String message;

        RoundsExceeded(String pool, String what) {
            super(what, MAX_ROUNDS);
            this.message = "Pool '" + pool + "': " + what + " still asked for input after " + MAX_ROUNDS
                    + " input rounds, the limit of a call (each round answered by the lease's handlers)";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
