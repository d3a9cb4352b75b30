package org.bhyvirt.driver.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a libvirt PKI made with the openssl command: a CA, a server certificate for
 * 127.0.0.1 (CA:FALSE, serverAuth, digitalSignature+keyEncipherment, as libvirt's client checks),
 * and client certificates, laid out as virsh's {@code ?pkipath=DIR} expects ({@code cacert.pem},
 * {@code clientcert.pem}, {@code clientkey.pem}).
 */
final class TestPki {

    final Path dir;
    final Path caCert;
    final Path caKey;
    final Path serverCert;
    final Path serverKey;

    TestPki(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        caKey = dir.resolve("cakey.pem");
        caCert = dir.resolve("cacert.pem");
        serverKey = dir.resolve("serverkey.pem");
        serverCert = dir.resolve("servercert.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caCert.toString(),
                "-days", "2", "-subj", "/O=bhyvirt test/CN=bhyvirt test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        issue("server", "/O=bhyvirt test/CN=127.0.0.1", serverKey, serverCert,
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n", caCert, caKey);
    }

    /** A directory for virsh's {@code pkipath}: the CA, and a client certificate signed by {@code signer} (null: none). */
    Path clientDir(String name, String subject, TestPki signer) throws IOException, InterruptedException {
        Path client = Files.createDirectories(dir.resolve("client-" + name));
        Files.copy(caCert, client.resolve("cacert.pem"));
        if (signer != null) {
            issue("client-" + name, subject, client.resolve("clientkey.pem"), client.resolve("clientcert.pem"),
                    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                            + "extendedKeyUsage=clientAuth\n", signer.caCert, signer.caKey);
        }
        return client;
    }

    private void issue(String name, String subject, Path key, Path cert, String extensions, Path ca, Path caKeyFile)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions, StandardCharsets.US_ASCII);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", subject);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKeyFile.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
