package io.sbme.support.privacy;

/**
 * Per-user state a service holds and must erase on request. Every implementing bean is called for
 * each erase request; the service then acknowledges on {@code privacy-acks}.
 */
public interface Erasable {

    /** Erases everything this component holds about the user; returns how many items went. */
    long erase(String userId);
}
