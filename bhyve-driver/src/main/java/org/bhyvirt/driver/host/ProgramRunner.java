package org.bhyvirt.driver.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Runs a host program synchronously with the host's extra environment, stdin from /dev/null,
 * stdout and stderr captured together, and a time limit after which the program is killed and the
 * run fails with VIR_ERR_OPERATION_TIMEOUT. A program that cannot be executed at all fails with
 * VIR_ERR_OPERATION_FAILED naming it.
 */
public final class ProgramRunner {

    private final Map<String, String> environment;
    private final Duration timeout;

    public ProgramRunner(Map<String, String> environment, Duration timeout) {
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /**
     * Runs {@code argv} to completion and returns its status and output (whatever the status). A
     * caller interrupted while waiting fails with VIR_ERR_OPERATION_ABORTED and the program is
     * killed, never left running.
     */
    public ProgramResult run(List<String> argv) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("bhyvirt-prog-", ".out");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(environment);
            p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT,
                        String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new ProgramResult(argv, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED,
                    "interrupted while running " + argv.get(0), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** Runs {@code argv} and fails with VIR_ERR_OPERATION_FAILED unless it exits 0. */
    public ProgramResult runChecked(List<String> argv) {
        ProgramResult r = run(argv);
        if (!r.succeeded()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, r.describe());
        }
        return r;
    }
}
