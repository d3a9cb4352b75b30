package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Timestamps log lines as they appear: a daemon thread reads the files' new bytes every millisecond and
 * records, for each watched text, the {@link System#nanoTime()} at which it was first seen, and for
 * watched files the time they first existed. Resolution is the polling period plus the writer's flush.
 */
final class LineClock implements AutoCloseable {
    private final List<Path> logs;
    private final List<String> texts;
    private final List<Path> files;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final long[] offsets;
    private final StringBuilder[] text;
    private final Thread thread;
    private volatile boolean running = true;

    /** Watches {@code texts} in {@code logs} and the existence of {@code files}. */
    LineClock(List<Path> logs, List<String> texts, List<Path> files) {
        this.logs = List.copyOf(logs);
        this.texts = List.copyOf(texts);
        this.files = List.copyOf(files);
        this.offsets = new long[logs.size()];
        this.text = new StringBuilder[logs.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = new StringBuilder();
        }
        thread = new Thread(this::loop, "bench line clock");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long now = System.nanoTime();
            for (int i = 0; i < logs.size(); i++) {
                readNew(i, now);
            }
            for (Path f : files) {
                if (!seen.containsKey(f.toString()) && Files.exists(f)) {
                    seen.put(f.toString(), now);
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readNew(int i, long now) {
        Path log = logs.get(i);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len <= offsets[i]) {
                return;
            }
            byte[] b = new byte[(int) Math.min(len - offsets[i], 1 << 20)];
            f.seek(offsets[i]);
            f.readFully(b);
            offsets[i] += b.length;
            text[i].append(new String(b, StandardCharsets.UTF_8));
            for (String t : texts) {
                if (!seen.containsKey(t) && text[i].indexOf(t) >= 0) {
                    seen.put(t, now);
                }
            }
            int keep = 4096;
            if (text[i].length() > keep) {
                text[i].delete(0, text[i].length() - keep);
            }
        } catch (IOException e) {
            return;
        }
    }

    /** When {@code key} (a watched text or file) was first seen, or -1. */
    long when(String key) {
        return seen.getOrDefault(key, -1L);
    }

    /** When {@code file} first existed, or -1. */
    long when(Path file) {
        return when(file.toString());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
