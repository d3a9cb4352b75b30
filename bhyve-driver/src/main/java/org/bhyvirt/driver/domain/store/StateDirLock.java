package org.bhyvirt.driver.domain.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Exclusive ownership of a state directory: at most one open driver (in any process) manages a
 * host's state directory, since two would both watch, restart and rewrite the same guests. Held
 * from open until {@link #close()}.
 */
public final class StateDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code stateDir}; VIR_ERR_OPERATION_FAILED if another driver holds it. */
    public static StateDirLock acquire(Path stateDir) {
        Path file = stateDir.resolve("driver.lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(stateDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw new OverlappingFileLockException();
            }
            return new StateDirLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "the state directory " + stateDir + " is in use by another open driver");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot lock the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
