package org.bhyvirt.driver.rpc.server;

import java.util.Optional;
import java.util.UUID;

import org.bhyvirt.driver.rpc.wire.Packet;

/**
 * What a procedure may know and change about its connection: whether and how it was opened, the
 * close callback, the domain event callbacks it registered, and a way to push event messages.
 * Thread-safe: calls of one connection run concurrently.
 */
public interface Session {

    /** A domain event callback: its id, libvirt's event id, the domain it is limited to, and whether it is legacy (no callback id on the wire). */
    record Callback(int id, int eventId, Optional<UUID> domain, boolean legacy) {
    }

    /** Marks the connection open with {@code uri}; read-only when {@code readOnly}. */
    void open(String uri, boolean readOnly);

    boolean isOpen();

    boolean isReadOnly();

    /** The URI the client opened (driver part only, as the client sends it). */
    String uri();

    /** Whether the connection came over TLS. */
    boolean isSecure();

    /** The address and port of this server the client reached (where another host could reach it too). */
    java.net.InetSocketAddress localAddress();

    void setCloseCallback(boolean registered);

    /** Registers an event callback; returns its id (unique on this connection). */
    Callback addCallback(int eventId, Optional<UUID> domain, boolean legacy);

    /** Removes the callback with {@code id}; false when there is none. */
    boolean removeCallback(int id);

    /** Removes the legacy callback of {@code eventId}; false when there is none. */
    boolean removeLegacyCallback(int eventId);

    /** Queues an asynchronous message to the client; never blocks. */
    void send(Packet packet);
}
