package org.bhyvirt.driver.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainInfo;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.event.EventPublisher;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.host.HostConfig;

/**
 * {@code ./bhyvirt demo}: one emulated guest's lifecycle on a temporary host, driven through the
 * domain driver exactly as a libvirt client would drive it. It defines a 1 GiB guest from the
 * example XML, starts it on the bhyve emulator, suspends and resumes it, saves it to a file and
 * restores it (the guest's self-check passes and its boot id is unchanged), shuts it down, and
 * prints every state and lifecycle event as it happens. It leaves nothing behind: the temporary
 * state directory and the emulator's guest memory are removed even when a step fails.
 *
 * <p>The guest's boot id and self-check are read with the emulator's own tool ({@code bhyve-emu
 * ctl}), run as a program: the demo, like the driver, never links the emulator.
 */
public final class DemoCommand {

    private static final String GUEST = "demo-guest";
    private static final String EXAMPLE_IMAGE_PATH = "/var/tmp/bhyvirt-demo/guest.img";
    private static final Pattern BOOT_ID = Pattern.compile("\"bootId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STALE = Pattern.compile("\"stalePages\"\\s*:\\s*(\\d+)");
    private static final Pattern CORRUPT = Pattern.compile("\"corruptPages\"\\s*:\\s*(\\d+)");
    private static final Pattern CHECKED = Pattern.compile("\"checkedPages\"\\s*:\\s*(\\d+)");

    private final Path emulatorBin;
    private final Path exampleXml;
    private final long started = System.nanoTime();
    private final List<String> summary = new ArrayList<>();

    private DemoCommand(Path emulatorBin, Path exampleXml) {
        this.emulatorBin = emulatorBin;
        this.exampleXml = exampleXml;
    }

    public static void main(String[] args) {
        Path bin = null;
        Path example = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--emulator-bin" -> bin = Path.of(args[++i]);
                case "--example" -> example = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: DemoCommand --emulator-bin DIR --example FILE");
                    System.exit(2);
                }
            }
        }
        if (bin == null || example == null) {
            System.err.println("usage: DemoCommand --emulator-bin DIR --example FILE");
            System.exit(2);
        }
        try {
            new DemoCommand(bin, example).run();
        } catch (BhyveDriverException e) {
            System.err.printf("demo failed: %s (libvirt error %d %s)%n", e.getMessage(), e.number().code(), e.number());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("demo failed: " + e);
            System.exit(1);
        }
    }

    private void run() throws IOException, InterruptedException {
        Path stateDir = Files.createTempDirectory("bhyvirt-demo-");
        Path emuDir = Path.of("/dev/shm", "bhyvirt-demo-" + UUID.randomUUID().toString().substring(0, 8));
        HostConfig config = HostConfig.emulated("demo-host", stateDir, emulatorBin, emuDir);
        say("host 'demo-host': state directory %s, emulated VMs under %s", stateDir, emuDir);
        try {
            Path image = stateDir.resolve("guest.img");
            emu(emuDir, "guest-image", "--working-set", "25%", "--write-rate", "16MiB/s", "--pattern", "random",
                    image.toString());
            say("wrote an emulated guest image %s (working set 25%%, 16 MiB/s random writes)", image);
            String xml = Files.readString(exampleXml).replace(EXAMPLE_IMAGE_PATH, image.toString());
            try (DomainDriver driver = DomainDriver.open(config, new PrintingPublisher())) {
                try {
                    lifecycle(driver, xml, emuDir, stateDir);
                } catch (RuntimeException | IOException | InterruptedException e) {
                    destroyIfActive(driver);
                    throw e;
                }
            }
        } finally {
            cleanUp(emuDir, stateDir);
        }
        say("done in %.1f s", (System.nanoTime() - started) / 1e9);
        System.out.println();
        System.out.println("What the demo did:");
        summary.forEach(s -> System.out.println("  " + s));
    }

    private void lifecycle(DomainDriver driver, String xml, Path emuDir, Path stateDir)
            throws IOException, InterruptedException {
        DomainRef ref = driver.defineXML(xml, 0);
        step(driver, "define", "defined %s (uuid %s)", ref.name(), ref.uuid());

        ref = driver.start(GUEST, 0);
        String bootId = awaitGuestAnswers(emuDir);
        DomainInfo info = driver.getInfo(GUEST);
        step(driver, "start", "started: bhyve pid %d, %d vCPUs, %d MiB, boot id %s", ref.id(), info.vcpus(),
                info.maxMemKiB() / 1024, bootId);

        TimeUnit.MILLISECONDS.sleep(700); // let the guest write some pages before it is paused
        driver.suspend(GUEST);
        step(driver, "suspend", "suspended (vCPUs stopped)");
        driver.resume(GUEST);
        step(driver, "resume", "resumed");

        Path saveFile = stateDir.resolve("demo-guest.save");
        driver.save(GUEST, saveFile, 0);
        step(driver, "save", "saved to %s (%d MiB of guest memory written)", saveFile, Files.size(saveFile) >> 20);
        driver.restore(saveFile, 0);
        String restoredBootId = awaitGuestAnswers(emuDir);
        String check = emu(emuDir, "ctl", "--vm=" + GUEST, "self-check");
        long stale = number(STALE, check);
        long corrupt = number(CORRUPT, check);
        long checked = number(CHECKED, check);
        step(driver, "restore", "restored: boot id %s (%s), self-check of %d pages: %d stale, %d corrupt",
                restoredBootId, restoredBootId.equals(bootId) ? "unchanged" : "CHANGED", checked, stale, corrupt);
        if (!restoredBootId.equals(bootId) || stale != 0 || corrupt != 0) {
            throw new IllegalStateException("the restored guest is not the saved one: " + check);
        }

        driver.shutdownAndWait(GUEST, Duration.ofSeconds(30));
        step(driver, "shutdown", "shut down by ACPI power button");
        driver.undefine(GUEST, 0);
        summary.add("undefine: the definition is removed");
        say("undefined %s", GUEST);
    }

    /** A failed step must not leave the guest running: the driver keeps guests alive when it closes. */
    private static void destroyIfActive(DomainDriver driver) {
        try {
            if (driver.getState(GUEST).isActive()) {
                driver.destroy(GUEST, 0);
            }
        } catch (BhyveDriverException e) {
            System.err.println("demo: could not destroy " + GUEST + ": " + e.getMessage());
        }
    }

    private void step(DomainDriver driver, String name, String format, Object... args) {
        DomainStatus status = driver.getState(GUEST);
        String line = String.format(format, args);
        say("%-9s %s -> state %s (%s)", name + ":", line, status.state(), status.reason());
        summary.add(String.format("%s: %s; state %s (%s)", name, line, status.state(), status.reason()));
    }

    /**
     * The driver's start returns once bhyve runs, as libvirt's does; the guest answers on its control
     * socket a moment later, and nothing signals that moment, so ask again for up to ten seconds.
     */
    private String awaitGuestAnswers(Path emuDir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return bootId(emuDir);
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private String bootId(Path emuDir) throws IOException, InterruptedException {
        String status = emu(emuDir, "ctl", "--vm=" + GUEST, "status");
        Matcher m = BOOT_ID.matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no boot id in the guest's status: " + status);
        }
        return m.group(1);
    }

    private static long number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("missing " + pattern + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs the emulator's own tool and returns what it printed; fails when it fails. */
    private String emu(Path emuDir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(emulatorBin.resolve("bhyve-emu").toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("BHYVIRT_EMU_DIR", emuDir.toString());
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bhyve-emu " + String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }

    private void say(String format, Object... args) {
        System.out.printf("[%6.2fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
    }

    private void cleanUp(Path emuDir, Path stateDir) throws IOException, InterruptedException {
        Path vmm = emuDir.resolve("vmm").resolve(GUEST);
        if (Files.exists(vmm)) {
            ProcessBuilder destroy = new ProcessBuilder(emulatorBin.resolve("bhyvectl").toString(),
                    "--vm=" + GUEST, "--destroy").inheritIO();
            destroy.environment().put("BHYVIRT_EMU_DIR", emuDir.toString());
            destroy.start().waitFor(60, TimeUnit.SECONDS);
        }
        deleteTree(emuDir);
        deleteTree(stateDir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Prints each lifecycle event as the driver emits it. */
    private final class PrintingPublisher implements EventPublisher {
        @Override
        public void publish(LifecycleEvent event) {
            say("  event   %s -> %s (%s)", event.detail(), event.statusAfter().state(), event.statusAfter().reason());
        }
    }
}
