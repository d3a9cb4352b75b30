package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;
import org.bhyvirt.driver.rpc.server.TlsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's virsh over TLS ({@code bhyve+tls://}) against the RPC server with libvirt's PKI layout:
 * the confirmation byte and the TLS 1.3 session-ticket quirk handled, a client certificate required
 * and checked against the CA and the allowed DNs, or only asked for.
 */
class VirshTlsTest {

    @TempDir
    Path dir;

    private RpcHost hostWith(TestPki pki, boolean requireClientCert, List<String> allowedDn) throws Exception {
        RpcServerConfig.Tls tls = new RpcServerConfig.Tls(TlsFiles.serverContext(pki.caCert, pki.serverCert,
                pki.serverKey), requireClientCert, allowedDn);
        return new RpcHost(DomainJobs.NONE, c -> c.withTls(tls));
    }

    private static Virsh virsh(RpcHost rpc, Path pkiPath, Path home) throws Exception {
        return new Virsh("bhyve+tls://127.0.0.1:" + rpc.port() + "/system?pkipath=" + pkiPath, Files.createDirectories(home));
    }

    @Test
    void aClientWithACertificateOfTheCaIsServedAndOthersAreRefused() throws Exception {
        TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        TestPki stranger = new TestPki(Files.createDirectories(dir.resolve("other-pki")));
        Path good = pki.clientDir("good", "/O=bhyvirt test/CN=operator", pki);
        Path none = pki.clientDir("none", null, null);
        Path foreign = pki.clientDir("foreign", "/O=bhyvirt test/CN=operator", stranger);
        try (RpcHost rpc = hostWith(pki, true, List.of())) {
            Virsh.Result ok = virsh(rpc, good, dir.resolve("h1")).run("hostname");
            assertEquals("test-host", ok.requireOk().out().strip());
            assertTrue(virsh(rpc, good, dir.resolve("h1")).run("list", "--all").exit() == 0);

            Virsh.Result noCert = virsh(rpc, none, dir.resolve("h2")).run("hostname");
            assertEquals(1, noCert.exit(), noCert.toString());
            Virsh.Result wrongCa = virsh(rpc, foreign, dir.resolve("h3")).run("hostname");
            assertEquals(1, wrongCa.exit(), wrongCa.toString());
            assertTrue(virsh(rpc, good, dir.resolve("h1")).run("hostname").exit() == 0, "the server carries on");
        }
    }

    @Test
    void theAllowedDnListDecidesWhichCertificatesGetIn() throws Exception {
        TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        Path operator = pki.clientDir("operator", "/O=bhyvirt test/CN=operator", pki);
        Path intruder = pki.clientDir("intruder", "/O=elsewhere/CN=intruder", pki);
        try (RpcHost rpc = hostWith(pki, true, List.of("CN=operator,O=bhyvirt test"))) {
            assertEquals(0, virsh(rpc, operator, dir.resolve("h1")).run("hostname").exit());
            Virsh.Result refused = virsh(rpc, intruder, dir.resolve("h2")).run("hostname");
            assertEquals(1, refused.exit(), refused.toString());
        }
    }

    @Test
    void withoutVerificationAClientWithoutCertificateIsServed() throws Exception {
        TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        Path none = pki.clientDir("none", null, null);
        try (RpcHost rpc = hostWith(pki, false, List.of())) {
            Virsh.Result r = virsh(rpc, none, dir.resolve("h")).run("uri");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(0, virsh(rpc, none, dir.resolve("h")).run("nodeinfo").exit());
        }
    }
}
