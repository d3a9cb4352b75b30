package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sequence of lifecycle calls through Debian's libvirt0 against libvirt's own test driver
 * ({@code test:///default}) and against bhyvirt over RPC: after every call both give the same
 * state and reason, and a call that fails on one fails on the other with the same error number,
 * except where the test driver answers INTERNAL_ERROR: its shortcut for "not running", "not paused"
 * and "already running", where libvirt's qemu driver (and bhyvirt) answer OPERATION_INVALID, or
 * succeed at once when the domain is already paused (suspend) or running (resume). There only the
 * state and reason after the call are compared. And a start that finds a managed save image: the
 * test driver discards the image and boots (running/booted), libvirt's qemu driver and bhyvirt
 * restore it (running/restored).
 */
class TestDriverDifferentialTest {

    /** The few libvirt0 functions the comparison needs, through JNA. */
    interface Libvirt0 extends Library {
        Libvirt0 LIB = Native.load("virt", Libvirt0.class);

        Pointer virConnectOpen(String uri);

        int virConnectClose(Pointer conn);

        Pointer virDomainDefineXML(Pointer conn, String xml);

        Pointer virDomainLookupByName(Pointer conn, String name);

        int virDomainCreate(Pointer dom);

        int virDomainSuspend(Pointer dom);

        int virDomainResume(Pointer dom);

        int virDomainShutdown(Pointer dom);

        int virDomainDestroy(Pointer dom);

        int virDomainUndefine(Pointer dom);

        int virDomainSave(Pointer dom, String to);

        int virDomainRestore(Pointer conn, String from);

        int virDomainManagedSave(Pointer dom, int flags);

        int virDomainGetState(Pointer dom, IntByReference state, IntByReference reason, int flags);

        int virDomainFree(Pointer dom);

        int virGetLastErrorCode();

        void virResetLastError();
    }

    /** What one call gave: the error number (0 = success) and the domain's state and reason after it. */
    record Outcome(String call, int error, String stateAfter) {
    }

    private record Step(String name, ToIntFunction<Pointer> call) {
    }

    private static final String START_FROM_MANAGED_SAVE = "start from the managed save";

    /** VIR_ERR_INTERNAL_ERROR. */
    private static final int INTERNAL_ERROR = 1;

    @TempDir
    Path dir;

    private List<Outcome> run(String uri, String xml, Path save) {
        Libvirt0 lib = Libvirt0.LIB;
        Pointer conn = lib.virConnectOpen(uri);
        assertNotNull(conn, "cannot open " + uri);
        List<Step> steps = List.of(
                new Step("define", c -> free(lib.virDomainDefineXML(c, xml))),
                new Step("suspend", c -> onD1(c, lib::virDomainSuspend)),
                new Step("resume", c -> onD1(c, lib::virDomainResume)),
                new Step("shutdown", c -> onD1(c, lib::virDomainShutdown)),
                new Step("start", c -> onD1(c, lib::virDomainCreate)),
                new Step("start again", c -> onD1(c, lib::virDomainCreate)),
                new Step("suspend", c -> onD1(c, lib::virDomainSuspend)),
                new Step("suspend again", c -> onD1(c, lib::virDomainSuspend)),
                new Step("resume", c -> onD1(c, lib::virDomainResume)),
                new Step("resume again", c -> onD1(c, lib::virDomainResume)),
                new Step("save", c -> onD1(c, d -> lib.virDomainSave(d, save.toString()))),
                new Step("resume a saved domain", c -> onD1(c, lib::virDomainResume)),
                new Step("restore", c -> errorOf(lib.virDomainRestore(c, save.toString()))),
                new Step("destroy", c -> onD1(c, lib::virDomainDestroy)),
                new Step("destroy again", c -> onD1(c, lib::virDomainDestroy)),
                new Step("managed save while off", c -> onD1(c, d -> lib.virDomainManagedSave(d, 0))),
                new Step("start", c -> onD1(c, lib::virDomainCreate)),
                new Step("managed save", c -> onD1(c, d -> lib.virDomainManagedSave(d, 0))),
                new Step(START_FROM_MANAGED_SAVE, c -> onD1(c, lib::virDomainCreate)),
                new Step("destroy", c -> onD1(c, lib::virDomainDestroy)),
                new Step("start", c -> onD1(c, lib::virDomainCreate)),
                new Step("undefine while running", c -> onD1(c, lib::virDomainUndefine)),
                new Step("destroy the transient domain", c -> onD1(c, lib::virDomainDestroy)),
                new Step("lookup after it went", c -> onD1(c, d -> 0)));
        List<Outcome> out = new ArrayList<>();
        try {
            for (Step step : steps) {
                lib.virResetLastError();
                out.add(new Outcome(step.name(), step.call().applyAsInt(conn), state(conn)));
            }
        } finally {
            lib.virConnectClose(conn);
        }
        return out;
    }

    /** Calls {@code call} on domain d1; the error number (0 = success), read before anything resets it. */
    private static int onD1(Pointer conn, ToIntFunction<Pointer> call) {
        Pointer d = Libvirt0.LIB.virDomainLookupByName(conn, "d1");
        if (d == null) {
            return Libvirt0.LIB.virGetLastErrorCode();
        }
        try {
            return errorOf(call.applyAsInt(d));
        } finally {
            Libvirt0.LIB.virDomainFree(d);
        }
    }

    private static int errorOf(int rc) {
        return rc < 0 ? Math.max(1, Libvirt0.LIB.virGetLastErrorCode()) : 0;
    }

    private static int free(Pointer dom) {
        if (dom == null) {
            return Libvirt0.LIB.virGetLastErrorCode();
        }
        Libvirt0.LIB.virDomainFree(dom);
        return 0;
    }

    private static String state(Pointer conn) {
        Pointer d = Libvirt0.LIB.virDomainLookupByName(conn, "d1");
        if (d == null) {
            Libvirt0.LIB.virResetLastError();
            return "(no domain)";
        }
        try {
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference();
            return Libvirt0.LIB.virDomainGetState(d, state, reason, 0) < 0 ? "(no state)"
                    : state.getValue() + "/" + reason.getValue();
        } finally {
            Libvirt0.LIB.virDomainFree(d);
        }
    }

    @Test
    void lifecycleCallsGiveTheStatesReasonsAndErrorsOfLibvirtsTestDriver() throws Exception {
        String testXml = "<domain type='test'><name>d1</name><uuid>" + UUID.randomUUID()
                + "</uuid><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
        List<Outcome> reference = run("test:///default", testXml, dir.resolve("test.save"));

        List<Outcome> ours;
        try (RpcHost rpc = new RpcHost()) {
            Path disk = rpc.host.guestImage("d1.img", "--working-set", "10%", "--write-rate", "1MiB/s");
            ours = run(rpc.uri(), EmulatedHost.domainXml("d1", UUID.randomUUID(), 32, 1, disk),
                    Files.createDirectories(dir.resolve("bhyve")).resolve("d1.save"));
        }
        assertEquals(reference.size(), ours.size());
        int checkedOnlyByState = 0;
        for (int i = 0; i < reference.size(); i++) {
            Outcome want = reference.get(i);
            Outcome got = ours.get(i);
            String where = "step " + (i + 1) + ": test driver " + want + ", bhyvirt " + got;
            if (want.call().equals(START_FROM_MANAGED_SAVE)) {
                // the test driver only discards the image and boots; libvirt's qemu driver restores it
                assertEquals("1/1", want.stateAfter(), where);
                assertEquals("1/3", got.stateAfter(), "running (restored), as libvirt's qemu driver: " + where);
            } else {
                assertEquals(want.stateAfter(), got.stateAfter(), where);
            }
            if (want.error() != INTERNAL_ERROR) {
                assertEquals(want.error(), got.error(), where);
            } else {
                checkedOnlyByState++;
            }
        }
        assertEquals(7, checkedOnlyByState, "the test driver's internal errors: " + reference);
    }
}
