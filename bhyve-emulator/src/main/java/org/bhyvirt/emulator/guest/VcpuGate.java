package org.bhyvirt.emulator.guest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where vCPU threads wait: while they sleep, idle or are paused they are "parked", and
 * {@link #pauseAll} returns only once every live vCPU is parked and stays parked until
 * {@link #resumeAll}. Pauses nest. Waiting vCPUs block on a condition, so an idle guest uses no CPU.
 */
final class VcpuGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int live;
    private int parked;
    private int pauseDepth;
    private boolean stopped;

    /** A vCPU thread starts using the gate. */
    void enter() {
        lock.lock();
        try {
            live++;
        } finally {
            lock.unlock();
        }
    }

    /** A vCPU thread stops using the gate. */
    void leave() {
        lock.lock();
        try {
            live--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks the calling vCPU for {@code nanos} (0: only while a pause is in force; negative: until stop).
     * Returns false once the guest is stopped.
     */
    boolean park(long nanos) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            if (nanos == 0 && pauseDepth == 0) {
                return true;
            }
            parked++;
            changed.signalAll();
            try {
                long deadline = System.nanoTime() + Math.max(nanos, 0);
                while (!stopped) {
                    long left = deadline - System.nanoTime();
                    if (pauseDepth == 0 && nanos >= 0 && left <= 0) {
                        break;
                    }
                    if (pauseDepth > 0 || nanos < 0) {
                        changed.await();
                    } else {
                        changed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                parked--;
            }
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Pauses every vCPU and waits until all are parked. */
    void pauseAll() {
        lock.lock();
        try {
            pauseDepth++;
            changed.signalAll();
            while (parked < live && !stopped) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends one pause. */
    void resumeAll() {
        lock.lock();
        try {
            pauseDepth--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the guest: every park returns false from now on. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (bounded) until no vCPU thread uses the gate any more. */
    void awaitNoneLive(long millis) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(millis);
            while (live > 0 && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
