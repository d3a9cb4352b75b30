package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virsh event --all --loop} against a bhyvirt RPC server: it registers a callback for every
 * event id, and receives the lifecycle events of calls made by another client, in order, with
 * libvirt's names; a listener limited to one domain hears only that domain.
 */
class VirshEventTest {

    @TempDir
    Path home;

    private RpcHost rpc;
    private Virsh virsh;
    private final List<Process> listeners = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rpc = new RpcHost();
        virsh = new Virsh(rpc.uri(), home);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : listeners) {
            p.destroyForcibly().waitFor();
        }
        rpc.close();
    }

    /** Starts a virsh event listener; returns the queue of its output lines once it has registered. */
    private BlockingQueue<String> listen(int expectedCallbacks, String... args) throws Exception {
        int before = callbackCount();
        Process p = virsh.start(args);
        listeners.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (callbackCount() < before + expectedCallbacks) {
            assertTrue(p.isAlive(), "virsh event exited: " + lines);
            assertTrue(System.nanoTime() < deadline, "virsh did not register its callbacks: " + callbackCount());
            Thread.sleep(20); // the server offers no completion for "a client registered"
        }
        return lines;
    }

    private int callbackCount() {
        return rpc.server.connections().stream().mapToInt(c -> c.callbacksNow().size()).sum();
    }

    private static List<String> take(BlockingQueue<String> lines, int n) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < n) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("only " + got.size() + " of " + n + " event lines: " + got);
            }
            if (!line.isBlank()) {
                got.add(line);
            }
        }
        return got;
    }

    @Test
    void eventLoopReceivesEveryLifecycleEventInOrder() throws Exception {
        BlockingQueue<String> lines = listen(27, "event", "--all", "--loop");
        Path disk = rpc.host.guestImage("vm1.img", "--working-set", "10%", "--write-rate", "1MiB/s");
        Path xml = home.resolve("vm1.xml");
        Files.writeString(xml, EmulatedHost.domainXml("vm1", UUID.randomUUID(), 32, 1, disk));

        virsh.run("define", xml.toString()).requireOk();
        virsh.run("start", "vm1").requireOk();
        virsh.run("suspend", "vm1").requireOk();
        virsh.run("resume", "vm1").requireOk();
        virsh.run("destroy", "vm1").requireOk();
        virsh.run("undefine", "vm1").requireOk();

        assertEquals(List.of(
                "event 'lifecycle' for domain 'vm1': Defined Added",
                "event 'lifecycle' for domain 'vm1': Started Booted",
                "event 'lifecycle' for domain 'vm1': Suspended Paused",
                "event 'lifecycle' for domain 'vm1': Resumed Unpaused",
                "event 'lifecycle' for domain 'vm1': Stopped Destroyed",
                "event 'lifecycle' for domain 'vm1': Undefined Removed"), take(lines, 6));
    }

    @Test
    void aListenerForOneDomainHearsOnlyThatDomain() throws Exception {
        Path disk = rpc.host.guestImage("d.img", "--working-set", "10%", "--write-rate", "1MiB/s");
        for (String name : List.of("mine", "other")) {
            Path xml = home.resolve(name + ".xml");
            Files.writeString(xml, EmulatedHost.domainXml(name, UUID.randomUUID(), 32, 1, disk));
            virsh.run("define", xml.toString()).requireOk();
        }
        BlockingQueue<String> lines = listen(1, "event", "--domain", "mine", "--event", "lifecycle", "--loop");
        virsh.run("start", "other").requireOk();
        virsh.run("start", "mine").requireOk();
        virsh.run("destroy", "other").requireOk();
        virsh.run("destroy", "mine").requireOk();
        assertEquals(List.of(
                "event 'lifecycle' for domain 'mine': Started Booted",
                "event 'lifecycle' for domain 'mine': Stopped Destroyed"), take(lines, 2));
    }

    @Test
    void aListenerThatLeavesTakesItsCallbacksAlong() throws Exception {
        listen(27, "event", "--all", "--loop");
        Process p = listeners.remove(0);
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rpc.server.connections().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the connection was not dropped: " + rpc.server.connections());
            Thread.sleep(20); // nothing to await: the server notices the socket's end on its own
        }
        assertEquals(0, callbackCount());
    }
}
