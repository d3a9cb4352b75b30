package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.wire.MessageStatus;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What virsh relies on during a long call (migrate --verbose): while one call of a connection is
 * still running, a keepalive PING is answered at once and a later call is answered first, each
 * reply carrying its own serial.
 */
class ConcurrentCallsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private RpcHost rpc;

    /** A job source whose progress query blocks until the test releases it: a call that takes long. */
    private final DomainJobs slowJobs = new DomainJobs() {
        @Override
        public Optional<JobStats> current(UUID domain) {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override
        public Optional<JobStats> completed(UUID domain) {
            return Optional.empty();
        }

        @Override
        public boolean abort(UUID domain) {
            return false;
        }
    };

    @BeforeEach
    void start() throws Exception {
        rpc = new RpcHost(slowJobs);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        rpc.close();
    }

    @Test
    void aPingAndALaterCallAreAnsweredWhileALongCallRuns() throws Exception {
        UUID uuid = UUID.randomUUID();
        rpc.driver.defineXML(EmulatedHost.domainXml("slow", uuid, 32, 1, rpc.host.stateDir.resolve("none.img")), 0);
        try (RawClient c = new RawClient(rpc.port()).open()) {
            XdrEncoder dom = new XdrEncoder();
            RemoteDomain.write(dom, new RemoteDomain("slow", uuid, -1));
            int longCall = c.sendCall(RemoteProcedure.DOMAIN_GET_JOB_INFO.number(), dom.toByteArray());
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the long call started");

            c.send(Packet.keepalive(Programs.KEEPALIVE_PING).encode());
            Packet pong = c.next();
            assertEquals(Programs.KEEPALIVE, pong.header().program());
            assertEquals(Programs.KEEPALIVE_PONG, pong.header().procedure());

            int quick = c.sendCall(RemoteProcedure.CONNECT_GET_HOSTNAME.number(), new byte[0]);
            Packet first = c.next();
            assertEquals(quick, first.header().serial(), "the later call is answered first");
            assertEquals("test-host", XdrDecoder.of(first.payload()).readString("hostname", 100));

            release.countDown();
            Packet second = c.next();
            assertEquals(longCall, second.header().serial());
            assertEquals(MessageType.REPLY, second.header().type());
            assertEquals(MessageStatus.OK, second.header().status());
            assertEquals(0, XdrDecoder.of(second.payload()).readInt("type"), "no job");
        }
    }
}
