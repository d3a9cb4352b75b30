package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;
import org.bhyvirt.driver.rpc.server.TlsFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Debian's real virsh (libvirt 9.0) against a bhyvirt RPC server on loopback: every command of the
 * reference's virsh session, with its output checked, on an emulated host; the lifecycle and the
 * errors over plain TCP and over TLS with a client certificate.
 */
class VirshSessionTest {

    @TempDir
    Path home;

    private RpcHost rpc;
    private Virsh virsh;

    @BeforeEach
    void start() throws Exception {
        rpc = new RpcHost();
        virsh = new Virsh(rpc.uri(), home);
    }

    @AfterEach
    void stop() throws Exception {
        rpc.close();
    }

    /** How virsh reaches the server. */
    enum Transport {
        TCP, TLS_WITH_CLIENT_CERTIFICATE
    }

    /** Reconnects the test's virsh over {@code transport} (a TLS server replaces the TCP one). */
    private void over(Transport transport) throws Exception {
        if (transport == Transport.TCP) {
            return;
        }
        rpc.close();
        TestPki pki = new TestPki(Files.createDirectories(home.resolve("pki")));
        Path client = pki.clientDir("virsh", "/O=bhyvirt test/CN=operator", pki);
        RpcServerConfig.Tls tls = new RpcServerConfig.Tls(TlsFiles.serverContext(pki.caCert, pki.serverCert,
                pki.serverKey), true, java.util.List.of());
        rpc = new RpcHost(org.bhyvirt.driver.rpc.proc.DomainJobs.NONE, c -> c.withTls(tls));
        virsh = new Virsh("bhyve+tls://127.0.0.1:" + rpc.port() + "/system?pkipath=" + client, home);
    }

    private Path domainFile(String name, UUID uuid) throws Exception {
        Path disk = rpc.host.guestImage(name + ".img", "--working-set", "10%", "--write-rate", "1MiB/s");
        Path xml = home.resolve(name + ".xml");
        Files.writeString(xml, EmulatedHost.domainXml(name, uuid, 32, 1, disk));
        return xml;
    }

    @Test
    void virshReportsTheHypervisorTheHostAndItsCapabilities() throws Exception {
        String version = virsh.run("version").requireOk().out();
        assertTrue(version.contains("Using API: BHYVE 9.0.0"), version);
        assertTrue(version.contains("Running hypervisor: BHYVE "), version);
        assertEquals("test-host", virsh.run("hostname").requireOk().out().strip());
        assertEquals(rpc.uri(), virsh.run("uri").requireOk().out().strip());

        String nodeinfo = virsh.run("nodeinfo").requireOk().out();
        assertTrue(nodeinfo.contains("CPU(s):              " + rpc.driver.nodeInfo().cpus()), nodeinfo);
        assertTrue(nodeinfo.contains("Memory size:         " + rpc.driver.nodeInfo().memoryKiB() + " KiB"), nodeinfo);

        String caps = virsh.run("capabilities").requireOk().out();
        assertTrue(caps.contains("<domain type='bhyve'/>") && caps.contains("<os_type>hvm</os_type>"), caps);
        String domcaps = virsh.run("domcapabilities").requireOk().out();
        assertTrue(domcaps.contains("<domain>bhyve</domain>"), domcaps);
        Virsh.Result wrongArch = virsh.run("domcapabilities", "--arch", "aarch64");
        assertEquals(1, wrongArch.exit(), wrongArch.toString());
        assertTrue(wrongArch.err().contains("unknown architecture: aarch64"), wrongArch.toString());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void virshDefinesStartsInspectsPausesSavesRestoresStopsAndUndefinesADomain(Transport transport) throws Exception {
        over(transport);
        UUID uuid = UUID.randomUUID();
        Path xml = domainFile("vm1", uuid);

        assertTrue(virsh.run("define", xml.toString()).requireOk().out().contains("Domain 'vm1' defined from " + xml));
        assertTrue(Pattern.compile("-\\s+vm1\\s+shut off").matcher(virsh.run("list", "--all").requireOk().out()).find());
        assertEquals("", virsh.run("list", "--name").requireOk().out().strip(), "an inactive domain is not listed without --all");

        assertTrue(virsh.run("start", "vm1").requireOk().out().contains("Domain 'vm1' started"));
        int id = rpc.driver.lookupByName("vm1").id();
        String list = virsh.run("list").requireOk().out();
        assertTrue(Pattern.compile(id + "\\s+vm1\\s+running").matcher(list).find(), list);
        String dominfo = virsh.run("dominfo", "vm1").requireOk().out();
        assertTrue(dominfo.contains("Id:             " + id), dominfo);
        assertTrue(dominfo.contains("UUID:           " + uuid), dominfo);
        assertTrue(dominfo.contains("OS Type:        hvm"), dominfo);
        assertTrue(dominfo.contains("State:          running"), dominfo);
        assertTrue(dominfo.contains("Max memory:     32768 KiB"), dominfo);
        assertTrue(dominfo.contains("Persistent:     yes"), dominfo);
        assertEquals("running", virsh.run("domstate", "vm1").requireOk().out().strip());
        assertEquals("running (booted)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());
        assertEquals("running", virsh.run("domstate", String.valueOf(id)).requireOk().out().strip(), "lookup by id");
        assertEquals("running", virsh.run("domstate", uuid.toString()).requireOk().out().strip(), "lookup by uuid");
        String dumpxml = virsh.run("dumpxml", "vm1").requireOk().out();
        assertTrue(dumpxml.contains("<domain type='bhyve' id='" + id + "'>") && dumpxml.contains("<uuid>" + uuid), dumpxml);

        assertTrue(virsh.run("suspend", "vm1").requireOk().out().contains("Domain 'vm1' suspended"));
        assertEquals("paused (user)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());
        assertTrue(virsh.run("resume", "vm1").requireOk().out().contains("Domain 'vm1' resumed"));
        assertEquals("running (unpaused)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());

        Path image = rpc.host.stateDir.resolve("vm1.save");
        assertTrue(virsh.run("save", "vm1", image.toString()).requireOk().out().contains("Domain 'vm1' saved to " + image));
        assertEquals("shut off (saved)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());
        assertTrue(virsh.run("restore", image.toString()).requireOk().out().contains("Domain restored from " + image));
        assertEquals("running (restored)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());

        assertTrue(virsh.run("destroy", "vm1").requireOk().out().contains("Domain 'vm1' destroyed"));
        assertEquals("shut off (destroyed)", virsh.run("domstate", "--reason", "vm1").requireOk().out().strip());
        assertTrue(virsh.run("undefine", "vm1").requireOk().out().contains("Domain 'vm1' has been undefined"));
        Virsh.Result gone = virsh.run("domstate", "vm1");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("failed to get domain 'vm1'"), gone.toString());
        assertTrue(rpc.driver.listAllDomains(0).isEmpty());
    }

    @Test
    void virshShutsARunningGuestDownThroughItsPowerButton() throws Exception {
        virsh.run("define", domainFile("vm2", UUID.randomUUID()).toString()).requireOk();
        virsh.run("start", "vm2").requireOk();
        rpc.host.awaitGuestUp("vm2");
        assertTrue(virsh.run("shutdown", "vm2").requireOk().out().contains("Domain 'vm2' is being shutdown"));
        assertTrue(rpc.driver.awaitInactive("vm2", java.time.Duration.ofSeconds(30)), "the guest powered off");
        assertEquals("shut off (shutdown)", virsh.run("domstate", "--reason", "vm2").requireOk().out().strip());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void virshShowsLibvirtsErrorsAndNothingIsStoredFromBadInput(Transport transport) throws Exception {
        over(transport);
        Virsh.Result missing = virsh.run("start", "nosuch");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("failed to get domain 'nosuch'"), missing.toString());

        Path bad = home.resolve("bad.xml");
        Files.writeString(bad, "<domain type='bhyve'><name>broken</name><memory>x</memory>");
        Virsh.Result malformed = virsh.run("define", bad.toString());
        assertEquals(1, malformed.exit());
        assertTrue(malformed.err().contains("XML error") || malformed.err().contains("XML"), malformed.toString());
        assertTrue(rpc.driver.listAllDomains(0).isEmpty(), "a refused definition is not stored");

        virsh.run("define", domainFile("vm3", UUID.randomUUID()).toString()).requireOk();
        Virsh.Result notRunning = virsh.run("suspend", "vm3");
        assertEquals(1, notRunning.exit());
        assertTrue(notRunning.err().contains("Requested operation is not valid: domain is not running"), notRunning.toString());

        Virsh.Result idle = virsh.run("domjobinfo", "vm3");
        assertTrue(idle.requireOk().out().contains("Job type:         None"), idle.toString());
        Virsh.Result abort = virsh.run("domjobabort", "vm3");
        assertEquals(1, abort.exit());
        assertTrue(abort.err().contains("no job is active on the domain"), abort.toString());
    }

    @Test
    void aReadOnlyConnectionQueriesButChangesNothing() throws Exception {
        virsh.run("define", domainFile("vm4", UUID.randomUUID()).toString()).requireOk();
        Virsh ro = virsh.readOnly();
        assertTrue(ro.run("list", "--all").requireOk().out().contains("vm4"));
        Virsh.Result start = ro.run("start", "vm4");
        assertEquals(1, start.exit());
        assertTrue(start.err().contains("operation forbidden: read only access prevents"), start.toString());
        assertEquals("shut off", virsh.run("domstate", "vm4").requireOk().out().strip());
    }

    @Test
    void domxmlToNativePrintsTheBhyveCommandLines() throws Exception {
        Path xml = domainFile("vm5", UUID.randomUUID());
        String out = virsh.run("domxml-to-native", "bhyve-argv", xml.toString()).requireOk().out();
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].contains("bhyveload") && lines[0].endsWith(" vm5"), out);
        Matcher bhyve = Pattern.compile("bhyve .*-m 32 .* vm5$").matcher(lines[1]);
        assertTrue(bhyve.find(), out);
        Virsh.Result other = virsh.run("domxml-to-native", "qemu-argv", xml.toString());
        assertEquals(1, other.exit());
        assertTrue(other.err().contains("unsupported config type qemu-argv"), other.toString());
        assertFalse(rpc.driver.listAllDomains(0).stream().anyMatch(d -> d.name().equals("vm5")), "nothing was defined");
    }
}
