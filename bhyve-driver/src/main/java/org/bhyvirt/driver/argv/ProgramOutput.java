package org.bhyvirt.driver.argv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Runs one probe command to completion within a time limit and returns one of its output streams
 * as text, whatever its exit status (probes pass bad arguments on purpose). A command that
 * outlives the limit is killed with its descendants and reported as
 * {@link VirErrorNumber#OPERATION_TIMEOUT}; the other stream is discarded.
 */
final class ProgramOutput {

    /** Which output stream of the probed program is read. */
    enum Stream { STDOUT, STDERR }

    private final Duration timeout;

    ProgramOutput(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    String run(List<String> argv, Stream stream) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (stream == Stream.STDOUT) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot run capability probe '" + String.join(" ", argv) + "': " + e.getMessage(), e);
        }
        InputStream in = stream == Stream.STDOUT ? process.getInputStream() : process.getErrorStream();
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(readAll(in));
            } catch (RuntimeException e) {
                text.completeExceptionally(e);
            }
        }, "bhyve-probe-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT, "capability probe '"
                        + String.join(" ", argv) + "' did not finish within " + timeout.toMillis() + " ms");
            }
            return text.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED,
                    "capability probe '" + String.join(" ", argv) + "' was interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot read the output of capability probe '" + String.join(" ", argv) + "'", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
