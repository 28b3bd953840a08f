package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The token of one identity (authorization server, resource, tenant), shared by every session of that identity.
 * Renewals are single-flight: however many callers find the token expiring, invalidated or short of scope at once,
 * one of them asks the authorization server and the others wait for its answer (or its error).
 */
final class TokenSlot {

    final TokenIdentity identity;

    private final ProtectedResource resource;

    private Token current;

    /** The scope to ask for next; grows by step-up. */
    private Scope scope;

    private int stepUps;

    private CompletableFuture<Token> renewal;

    TokenSlot(TokenIdentity identity, ProtectedResource resource, Scope scope) {
        this.identity = identity;
        this.resource = resource;
        this.scope = scope;
    }

    ProtectedResource resource() {
        return resource;
    }

    /**
     * @param renew asks the authorization server: given the token to renew (maybe {@code null}) and the scope
     * @return a token fit to send now
     */
    Token valid(Clock clock, Duration skew, Renewal renew) {
        CompletableFuture<Token> flight;
        boolean leader = false;
        Token previous;
        Scope wanted;
        synchronized (this) {
            if (current != null && !current.needsRenewal(clock.instant(), skew)) {
                return current;
            }
            if (renewal == null) {
                renewal = new CompletableFuture<>();
                leader = true;
            }
            flight = renewal;
            previous = current;
            wanted = scope;
        }
        if (leader) {
            try {
                Token fresh = renew.apply(previous, wanted);
                synchronized (this) {
                    current = fresh;
                    renewal = null;
                }
                flight.complete(fresh);
            } catch (RuntimeException e) {
                synchronized (this) {
                    renewal = null;
                }
                flight.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return flight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Forgets the current token if it is the one a server refused. A refusal of an older token (already renewed by
     * another caller) changes nothing, so N callers refused together cause one renewal.
     *
     * @param refused the token the refused request carried, or {@code null}
     * @return whether it was the current token
     */
    synchronized boolean invalidate(String refused) {
        if (refused != null && current != null && current.value().equals(refused)) {
            current = null;
            return true;
        }
        return false;
    }

    /** Takes the scope of a 401 challenge to ask for from now on (the scope already stepped up to is kept). */
    synchronized void challengeScope(Scope challenged) {
        if (challenged != null && !challenged.isEmpty()) {
            Scope union = new Scope(challenged);
            if (scope != null && stepUps > 0) {
                union.addAll(scope);
            }
            scope = union;
        }
    }

    /**
     * Step-up after {@code 403 insufficient_scope}: asks for the union of the current scope and the challenge's.
     *
     * @param refused the token the refused request carried
     * @return whether to retry: a token with more scope is (or will be) there; false when the step-up limit is
     *         reached or the challenge asks for nothing new
     */
    synchronized boolean stepUp(String refused, Scope challenged, int maxStepUps) {
        Scope union = new Scope();
        if (scope != null) {
            union.addAll(scope);
        }
        if (challenged != null) {
            union.addAll(challenged);
        }
        if (current != null && !current.value().equals(refused) && current.grants(union)) {
            return true; // another caller stepped up already
        }
        if (scope != null && scope.containsAll(union) && (current == null || !current.value().equals(refused))) {
            return true; // asked for already; the next request gets the new token
        }
        if (scope != null && scope.containsAll(union) || stepUps >= maxStepUps) {
            return false;
        }
        stepUps++;
        scope = union;
        if (current != null && current.value().equals(refused)) {
            current = null;
        }
        return true;
    }

    synchronized Token current() {
        return current;
    }

    synchronized void clear() {
        current = null;
    }

    synchronized Scope scope() {
        return scope;
    }

    /** Asks the authorization server for a token. */
    @FunctionalInterface
    interface Renewal {
        Token apply(Token previous, Scope scope);
    }
}
