package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.Library;
import org.libvirt.event.LifecycleListener;

/**
 * libvirt-java 0.5.4 (JNA over Debian's libvirt0 9.0) against the RPC server: connection facts,
 * the lifecycle of a domain, its info, jobs and errors, and lifecycle events through libvirt's
 * event loop.
 */
class LibvirtJavaTest {

    private static Thread eventLoop;

    private RpcHost rpc;
    private Connect conn;

    @BeforeAll
    static void startEventLoop() throws LibvirtException {
        Library.initEventLoop();
        eventLoop = new Thread(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException | InterruptedException e) {
                // the loop ends when the tests stop it
            }
        }, "libvirt-event-loop");
        eventLoop.setDaemon(true);
        eventLoop.start();
    }

    @AfterAll
    static void stopEventLoop() throws Exception {
        Library.stopEventLoop();
        eventLoop.join(5_000);
    }

    @BeforeEach
    void connect() throws Exception {
        rpc = new RpcHost();
        conn = new Connect(rpc.uri());
    }

    @AfterEach
    void disconnect() throws Exception {
        try {
            conn.close();
        } finally {
            rpc.close();
        }
    }

    private Domain define(String name) throws LibvirtException {
        Path disk = rpc.host.guestImage(name + ".img", "--working-set", "10%", "--write-rate", "1MiB/s");
        return conn.domainDefineXML(EmulatedHost.domainXml(name, UUID.randomUUID(), 32, 1, disk));
    }

    @Test
    void connectionAnswersTypeHostAndNode() throws Exception {
        assertEquals("BHYVE", conn.getType());
        assertEquals("test-host", conn.getHostName());
        assertEquals(rpc.driver.nodeInfo().cpus(), conn.nodeInfo().cpus);
        assertTrue(conn.getCapabilities().contains("<domain type='bhyve'/>"));
    }

    @Test
    void aDomainLivesThroughLibvirtJava() throws Exception {
        Domain d = define("lj1");
        assertEquals(DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF, d.getInfo().state);
        assertEquals(List.of("lj1"), Arrays.asList(conn.listDefinedDomains()));
        d.create();
        assertEquals(rpc.driver.lookupByName("lj1").id(), conn.domainLookupByName("lj1").getID());
        DomainInfo info = d.getInfo();
        assertEquals(DomainInfo.DomainState.VIR_DOMAIN_RUNNING, info.state);
        assertEquals(32 * 1024, info.maxMem);
        assertEquals(1, info.nrVirtCpu);
        assertEquals(1, conn.listDomains().length);
        d.suspend();
        assertEquals(DomainInfo.DomainState.VIR_DOMAIN_PAUSED, d.getInfo().state);
        d.resume();
        assertEquals(0, d.getJobInfo().getType(), "no job: VIR_DOMAIN_JOB_NONE");
        LibvirtException noJob = assertThrows(LibvirtException.class, d::abortJob);
        assertEquals(Error.ErrorNumber.VIR_ERR_OPERATION_INVALID, noJob.getError().getCode());
        d.destroy();
        d.undefine();
        LibvirtException gone = assertThrows(LibvirtException.class, () -> conn.domainLookupByName("lj1"));
        assertEquals(Error.ErrorNumber.VIR_ERR_NO_DOMAIN, gone.getError().getCode());
        assertEquals(0, conn.listAllDomains(0).length);
    }

    @Test
    void lifecycleListenersHearTheDomainsEvents() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        LifecycleListener listener = (dom, event) -> {
            try {
                heard.add(dom.getName() + " " + event.getType() + " " + event.getDetail());
            } catch (LibvirtException e) {
                heard.add("failed: " + e);
            }
            return 0;
        };
        conn.addLifecycleListener(listener);
        Domain d = define("lj2");
        d.create();
        d.destroy();
        d.undefine();
        List<String> got = new ArrayList<>();
        while (got.size() < 4) {
            String e = heard.poll(30, TimeUnit.SECONDS);
            assertTrue(e != null, "events so far: " + got);
            got.add(e);
        }
        conn.removeLifecycleListener(listener);
        assertEquals(List.of("lj2 DEFINED ADDED", "lj2 STARTED BOOTED", "lj2 STOPPED DESTROYED",
                "lj2 UNDEFINED REMOVED"), got);
    }
}
