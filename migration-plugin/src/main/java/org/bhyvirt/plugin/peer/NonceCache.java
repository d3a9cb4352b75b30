package org.bhyvirt.plugin.peer;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nonces of the signed requests accepted within the replay window, each remembered until its
 * request's timestamp leaves the window (after that the timestamp alone refuses a replay). At most
 * {@code capacity} are remembered: when that many are still in the window a new request is refused
 * rather than an old nonce forgotten. Thread-safe.
 */
final class NonceCache {
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final int capacity;

    NonceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /**
     * Records {@code nonce} as used until {@code expiresAt} (epoch seconds); false when it was
     * already used (a replay). {@code now} drops the nonces whose time is over.
     * Throws PeerAuthException when the cache is full of nonces still in the window.
     */
    synchronized boolean firstUse(String nonce, long expiresAt, long now) {
        if (expiries.containsKey(nonce)) {
            return false;
        }
        if (expiries.size() >= capacity) {
            purge(now);
            if (expiries.size() >= capacity) {
                throw new PeerAuthException("more than " + capacity + " peer requests within the replay window");
            }
        }
        expiries.put(nonce, expiresAt);
        return true;
    }

    /** How many nonces are remembered. */
    int size() {
        return expiries.size();
    }

    private void purge(long now) {
        for (Iterator<Long> i = expiries.values().iterator(); i.hasNext();) {
            if (i.next() < now) {
                i.remove();
            }
        }
    }
}
