package org.bhyvirt.it.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The managed Payara Server domain of a test class, prepared before Arquillian starts it and
 * checked after Arquillian stops it. Register it ahead of {@code ArquillianExtension}.
 *
 * <p>Before: a domain left running by a killed earlier run is stopped; the domain (domain1 of the
 * Payara Server at the {@code payara.home} system property) gets free ports ({@link DomainPorts})
 * and the plugin's MicroProfile Config as server system properties: a host name, a fresh state
 * directory under the temp directory, the emulator at {@code <bhyvirt.root>/bhyve-emulator/bin}
 * and a fresh emulator directory {@code /dev/shm/bhyvirt-test-ear-<random>}. The admin port goes
 * into the system property {@code bhyvirt.it.payara.admin-port}, which arquillian-payara-server.xml
 * reads.
 *
 * <p>After the whole run (once Arquillian has stopped the domain, even when a test or the
 * deployment failed): a domain still running is stopped (killed if need be), the run fails unless
 * its admin, HTTP and HTTPS ports are released, and the state and emulator directories are deleted.
 */
final class PayaraServerDomain implements BeforeAllCallback {

    static final String DOMAIN = "domain1";
    static final String ADMIN_PORT_PROPERTY = "bhyvirt.it.payara.admin-port";
    private static final Duration PORTS_RELEASED_WITHIN = Duration.ofSeconds(60);

    private final String hostName;
    private final String applicationName;
    private Path payaraHome;
    private Path checkout;
    private DomainPorts ports;
    private Path stateDir;
    private Path vmDir;

    /**
     * A domain for the plugin under {@code hostName}, where an application named
     * {@code applicationName} will be deployed.
     */
    PayaraServerDomain(String hostName, String applicationName) {
        this.hostName = hostName;
        this.applicationName = applicationName;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        payaraHome = Path.of(required("payara.home"));
        checkout = Path.of(required("bhyvirt.root"));
        stopLeftOverDomain();
        ports = DomainPorts.free();
        stateDir = Files.createTempDirectory("bhyvirt-ear-state-");
        vmDir = Files.createDirectories(Path.of("/dev/shm", "bhyvirt-test-ear-" + UUID.randomUUID()));
        context.getRoot().getStore(ExtensionContext.Namespace.create(PayaraServerDomain.class))
                .put(PayaraServerDomain.class, (AutoCloseable) this::afterRun);
        Path domainXml = domainDir().resolve("config/domain.xml");
        PayaraDomainXml.read(domainXml)
                .listenOn(ports)
                .systemProperties(configuration())
                .withoutApplication(applicationName)
                .write(domainXml);
        System.setProperty(ADMIN_PORT_PROPERTY, Integer.toString(ports.admin()));
    }

    /** The plugin's MicroProfile Config, as the domain's system properties carry it. */
    Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bhyvirt.host.name", hostName);
        config.put("bhyvirt.state.dir", stateDir.toString());
        config.put("bhyvirt.emulator.bin-dir", checkout.resolve("bhyve-emulator/bin").toString());
        config.put("bhyvirt.emulator.vm-dir", vmDir.toString());
        config.put("bhyvirt.rpc.port", "0");
        return config;
    }

    String hostName() {
        return hostName;
    }

    DomainPorts ports() {
        return ports;
    }

    private void afterRun() throws IOException, InterruptedException {
        try {
            if (listening(ports.admin())) {
                asadmin("stop-domain", "--kill=true", DOMAIN);
            }
            List<Integer> stillOpen = waitForRelease(ports.listening());
            if (!stillOpen.isEmpty()) {
                throw new IllegalStateException("the Payara Server domain still listens on " + stillOpen
                        + " " + PORTS_RELEASED_WITHIN.toSeconds() + " s after the run");
            }
        } finally {
            deleteTree(stateDir);
            deleteTree(vmDir);
        }
    }

    /** A domain that a killed earlier run left up (its pid file names a live process) is stopped first. */
    private void stopLeftOverDomain() throws IOException, InterruptedException {
        Path pidFile = domainDir().resolve("config/pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            asadmin("stop-domain", "--kill=true", DOMAIN);
        }
    }

    private List<Integer> waitForRelease(List<Integer> candidates) throws InterruptedException {
        long deadline = System.nanoTime() + PORTS_RELEASED_WITHIN.toNanos();
        List<Integer> open;
        do {
            open = new ArrayList<>();
            for (int port : candidates) {
                if (listening(port)) {
                    open.add(port);
                }
            }
            if (open.isEmpty()) {
                return open;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return open;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void asadmin(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(payaraHome.resolve("glassfish/modules/admin-cli.jar").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " did not end within 2 minutes");
        }
    }

    private Path domainDir() {
        return payaraHome.resolve("glassfish/domains").resolve(DOMAIN);
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the failsafe execution "
                    + "'payara-server' of arquillian-tests sets it)");
        }
        return value;
    }
}
