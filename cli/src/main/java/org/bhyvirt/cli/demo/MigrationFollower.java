package org.bhyvirt.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bhyvirt.cli.rest.HostApi;
import org.bhyvirt.cli.rest.Migration;

/**
 * Follows one migration on its source host until it ends: the SSE stream drives the progress line
 * (redrawn in place on a terminal, one line per new round or phase otherwise); when the stream ends
 * without a final event, or was opened after the end, the Migration document is polled instead.
 * Fails with {@link IllegalStateException} when the migration has not ended within the timeout.
 */
final class MigrationFollower {

    private final HostApi source;
    private final PrintStream out;
    private final boolean terminal;
    private final ProgressBar bar = new ProgressBar(24);

    MigrationFollower(HostApi source, PrintStream out, boolean terminal) {
        this.source = source;
        this.out = out;
        this.terminal = terminal;
    }

    Migration follow(Migration started, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicReference<MigrationView> view = new AtomicReference<>(MigrationView.of(started));
        if (view.get().end().isEmpty()) {
            int[] shownLength = {0};
            String[] lastKey = {""};
            source.followEvents(started.id(), event -> {
                MigrationView before = view.get();
                MigrationView after = before.next(event);
                view.set(after);
                show(after, shownLength, lastKey);
            }, timeout);
            if (terminal && shownLength[0] > 0) {
                out.println();
            }
        }
        while (view.get().end().isEmpty()) {
            Migration now = source.migration(started.id());
            if (now.ended()) {
                view.set(MigrationView.of(now));
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("migration " + started.id() + " of " + started.domain()
                        + " has not ended within " + timeout.toSeconds() + " s (phase " + now.phase() + ")");
            } else {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return view.get().end().get();
    }

    private void show(MigrationView v, int[] shownLength, String[] lastKey) {
        if (v.end().isPresent()) {
            return;
        }
        String line = "  " + bar.line(v.phase(), v.progress());
        if (terminal) {
            String pad = line.length() < shownLength[0] ? " ".repeat(shownLength[0] - line.length()) : "";
            out.print("\r" + line + pad);
            out.flush();
            shownLength[0] = line.length();
        } else {
            String key = v.phase() + "/" + v.progress().round();
            if (!key.equals(lastKey[0])) {
                out.println(line);
                lastKey[0] = key;
            }
        }
    }
}
