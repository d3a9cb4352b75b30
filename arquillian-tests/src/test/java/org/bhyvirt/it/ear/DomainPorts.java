package org.bhyvirt.it.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Every TCP port a Payara Server domain listens on, as distinct values: the admin, HTTP and HTTPS
 * listeners, the three IIOP listeners, JMX, the JMS broker and the Data Grid (Hazelcast) ports.
 * {@link #free()} takes ports the system reports free at that moment, so a test domain keeps off
 * Payara's defaults (4848, 8080, 8181, ...) and off other servers running on the machine.
 */
record DomainPorts(int admin, int http, int https, int iiop, int iiopSsl, int iiopMutualAuth,
                   int jmx, int jms, int dataGridDas, int dataGridStart) {

    private static final int COUNT = 10;

    /** Ten distinct ports that were free when asked: all are held open together, then released. */
    static DomainPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < COUNT; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                held.add(socket);
            }
            int[] p = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            return new DomainPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP ports for the Payara Server domain", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port that did not close cleanly is still released with the socket
                }
            }
        }
    }

    /** The ports the domain must have released once it is stopped. */
    List<Integer> listening() {
        return List.of(admin, http, https);
    }
}
