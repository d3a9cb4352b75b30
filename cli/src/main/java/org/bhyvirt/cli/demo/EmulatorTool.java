package org.bhyvirt.cli.demo;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.cli.rest.JsonMapping;

/**
 * The bhyve emulator's own tool ({@code BIN/bhyve-emu}), run as a program: it writes emulated guest
 * images and asks a running emulated guest for its status or self-check over its control socket, in
 * the emulator directory of the host that runs it. Each call fails with {@link IllegalStateException}
 * carrying what the tool printed when the tool fails.
 */
public final class EmulatorTool {

    private final Path bin;

    public EmulatorTool(Path binDir) {
        this.bin = binDir.resolve("bhyve-emu");
    }

    /** {@code bhyve-emu guest-image OPTIONS FILE}. */
    public void guestImage(Path file, List<String> options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("guest-image"));
        args.addAll(options);
        args.add(file.toString());
        run(null, args);
    }

    /** {@code bhyve-emu ctl --vm=NAME COMMAND} against the guests under {@code vmDir}; the JSON answer. */
    public JsonObject ctl(Path vmDir, String vm, String command) throws IOException, InterruptedException {
        return JsonMapping.object(run(vmDir, List.of("ctl", "--vm=" + vm, command)));
    }

    /**
     * The guest's status once it answers: a started guest opens its control socket a moment after its
     * bhyve runs, and nothing signals that moment, so this asks again until {@code timeout}.
     */
    public JsonObject awaitStatus(Path vmDir, String vm, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return ctl(vmDir, vm, "status");
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private String run(Path vmDir, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(bin.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (vmDir != null) {
            pb.environment().put("BHYVIRT_EMU_DIR", vmDir.toString());
        }
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bhyve-emu " + String.join(" ", args) + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("bhyve-emu " + String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }
}
