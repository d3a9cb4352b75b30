package org.bhyvirt.driver.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's real {@code virsh} (libvirt-clients 9.0) against a URI, with its own HOME so no
 * user configuration or history leaks in, and the C locale so output can be matched.
 */
final class Virsh {

    /** What one virsh run gave. */
    record Result(int exit, String out, String err) {
        Result requireOk() {
            if (exit != 0) {
                throw new AssertionError("virsh failed (" + exit + "): " + err + out);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final String uri;
    private final Path home;
    private final boolean readOnly;

    Virsh(String uri, Path home) {
        this(uri, home, false);
    }

    private Virsh(String uri, Path home, boolean readOnly) {
        this.uri = uri;
        this.home = home;
        this.readOnly = readOnly;
    }

    /** The same connection opened read-only ({@code virsh -r}). */
    Virsh readOnly() {
        return new Virsh(uri, home, true);
    }

    Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(args);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("virsh " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A virsh process with piped output, for long-running commands (event --loop). */
    Process start(String... args) throws IOException {
        return builder(args).redirectErrorStream(true).start();
    }

    private ProcessBuilder builder(String... args) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-c", uri));
        if (readOnly) {
            argv.add(1, "-r");
        }
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        return pb;
    }
}
