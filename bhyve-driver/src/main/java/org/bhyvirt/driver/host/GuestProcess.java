package org.bhyvirt.driver.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One running bhyve process of one guest and the supervisor shell that waits for it. The exit is
 * learnt by awaiting the supervisor's (or, if the supervisor is gone, bhyve's own) process exit,
 * then reading the exit record the supervisor wrote atomically; it is therefore known even when
 * the driver that started the guest has been replaced. Immutable handle; {@link #exit()} always
 * returns the same future.
 */
public final class GuestProcess {

    private final String name;
    private final long bhyvePid;
    private final long supervisorPid;
    private final Optional<Instant> bhyveStart;
    private final Path exitFile;
    private final CompletableFuture<GuestExit> exit;

    GuestProcess(String name, long bhyvePid, long supervisorPid, Optional<Instant> bhyveStart, Path exitFile,
                 CompletableFuture<?> watched) {
        this.name = name;
        this.bhyvePid = bhyvePid;
        this.supervisorPid = supervisorPid;
        this.bhyveStart = bhyveStart;
        this.exitFile = exitFile;
        this.exit = watched.handle((ignored, error) -> readExit());
    }

    public String name() {
        return name;
    }

    /** The pid of bhyve itself (libvirt's domain id on this host). */
    public long bhyvePid() {
        return bhyvePid;
    }

    /** The pid of the supervisor shell, or 0 when the guest was adopted without one. */
    public long supervisorPid() {
        return supervisorPid;
    }

    /** When bhyve started, as the OS reports it (guards against pid reuse at re-adoption). */
    public Optional<Instant> bhyveStart() {
        return bhyveStart;
    }

    /** Completes once bhyve has ended and its exit is known. */
    public CompletableFuture<GuestExit> exit() {
        return exit;
    }

    /** Whether bhyve is still alive. */
    public boolean isAlive() {
        return ProcessHandle.of(bhyvePid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** CPU time bhyve has used so far, if the OS tells. */
    public Optional<java.time.Duration> cpuTime() {
        return ProcessHandle.of(bhyvePid).flatMap(h -> h.info().totalCpuDuration());
    }

    private GuestExit readExit() {
        try {
            if (Files.exists(exitFile)) {
                String text = Files.readString(exitFile, StandardCharsets.US_ASCII).strip();
                return GuestExit.fromShellStatus(Integer.parseInt(text));
            }
        } catch (IOException | NumberFormatException e) {
            return GuestExit.unknown();
        }
        return GuestExit.unknown();
    }
}
