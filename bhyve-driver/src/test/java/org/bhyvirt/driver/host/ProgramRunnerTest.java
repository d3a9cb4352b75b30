package org.bhyvirt.driver.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;

/** Synchronous programs end with their run: by exit, by timeout, or by the caller's interrupt. */
class ProgramRunnerTest {

    private static Optional<ProcessHandle> sleeper(String seconds) {
        return ProcessHandle.current().children()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(seconds)).orElse(false))
                .findFirst();
    }

    @Test
    void anInterruptedCallerAbortsAndTheProgramIsKilled() throws Exception {
        ProgramRunner runner = new ProgramRunner(Map.of(), Duration.ofSeconds(120));
        AtomicReference<BhyveDriverException> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(List.of("/bin/sleep", "37.25"));
            } catch (BhyveDriverException e) {
                failure.set(e);
            }
        });
        caller.start();
        Optional<ProcessHandle> sleep = Optional.empty();
        for (int i = 0; i < 500 && sleep.isEmpty(); i++) {
            Thread.sleep(10); // the program has no other sign of having started
            sleep = sleeper("37.25");
        }
        try {
            assertTrue(sleep.isPresent(), "the program started");
            caller.interrupt();
            caller.join(10_000);
            assertFalse(caller.isAlive());
            assertEquals(VirErrorNumber.OPERATION_ABORTED, failure.get().number());
            sleep.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(sleep.get().isAlive(), "the program was killed with the aborted call");
        } finally {
            sleep.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProgramOverItsTimeLimitIsKilledAndTheRunTimesOut() {
        ProgramRunner runner = new ProgramRunner(Map.of(), Duration.ofMillis(300));
        BhyveDriverException e = org.junit.jupiter.api.Assertions.assertThrows(BhyveDriverException.class,
                () -> runner.run(List.of("/bin/sleep", "38.25")));
        assertEquals(VirErrorNumber.OPERATION_TIMEOUT, e.number());
        assertTrue(sleeper("38.25").isEmpty());
    }
}
