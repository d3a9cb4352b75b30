package org.bhyvirt.driver.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.bhyvirt.driver.argv.BhyveCommands;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.InterfaceDef;
import org.bhyvirt.driver.domain.def.InterfaceType;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.domain.store.RuntimeStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.BhyveHost;
import org.bhyvirt.driver.host.GuestExit;
import org.bhyvirt.driver.host.GuestProcess;
import org.bhyvirt.driver.host.NodeInfo;

/**
 * Starts and stops guest processes, libvirt's bhyve_process.c and bhyve_monitor.c: creates taps,
 * runs the loader, starts bhyve supervised, records the runtime status, watches the exit and maps
 * it to the lifecycle (restarting on reboot), and after every stop runs {@code bhyvectl --destroy}
 * and removes taps and runtime files. Every method expects the domain's lock held by the caller,
 * except the exit watcher, which takes it.
 */
final class GuestRunner {

    private static final System.Logger LOG = System.getLogger(GuestRunner.class.getName());

    private final BhyveHost host;
    private final DomainStore store;
    private final DomainXmlCodec codec;
    private final GuestCommandFactory commands;
    private final EventEmitter events;
    private final DomainRegistry registry;
    private final Executor exitExecutor;
    private final NodeInfo node;
    private volatile boolean closed;

    GuestRunner(BhyveHost host, DomainStore store, DomainXmlCodec codec, GuestCommandFactory commands,
                EventEmitter events, DomainRegistry registry, Executor exitExecutor, NodeInfo node) {
        this.host = host;
        this.store = store;
        this.codec = codec;
        this.commands = commands;
        this.events = events;
        this.registry = registry;
        this.exitExecutor = exitExecutor;
        this.node = node;
    }

    /** Stops reacting to guest exits (the driver is closing; guests keep running). */
    void close() {
        closed = true;
    }

    /** Refuses a definition asking for more memory or vCPUs than the host has. */
    void checkHostLimits(DomainDef def) {
        if (def.vcpus() > node.cpus()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "domain '" + def.name() + "' asks for " + def.vcpus() + " vCPUs but the host has only "
                            + node.cpus() + " CPUs");
        }
        if (def.memoryKiB() > node.memoryKiB()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "domain '" + def.name() + "' asks for " + def.memoryKiB() / 1024 + " MiB of memory but the host has only "
                            + node.memoryKiB() / 1024 + " MiB");
        }
    }

    /**
     * The bhyve command line this host would start {@code def} with, built without touching the
     * host (interfaces get a placeholder tap name; nothing is created).
     */
    List<String> plannedArgv(DomainDef def) {
        checkHostLimits(def);
        return commands.build(def, i -> "tap-planned", host.deviceMapFile(def.name())).bhyveArgv();
    }

    /**
     * Starts the guest of {@code d} with {@code def}: a fresh boot through the loader
     * ({@code restoreFrom} null, move BOOT) or a restore from a checkpoint (move RESTORE). On
     * failure everything made so far is undone and the domain stays inactive.
     */
    void start(DomainObject d, DomainDef def, LifecycleMove move, Path restoreFrom) {
        startWith(d, def, move, restoreFrom == null ? UnaryOperator.identity() : c -> c.withRestore(restoreFrom));
    }

    /**
     * Starts the guest of {@code d} with the bhyve command line {@code mode} makes of the built one
     * (a restore's {@code -r FILE}, a migration receiver's {@code -R host,port}). The loader runs
     * first unless an incoming migration's VM already holds the guest's memory.
     */
    void startWith(DomainObject d, DomainDef def, LifecycleMove move, UnaryOperator<BhyveCommands> mode) {
        checkHostLimits(def);
        List<String> taps = new ArrayList<>();
        GuestProcess p = null;
        boolean vmMayExist = false;
        try {
            Map<InterfaceDef, String> tapOf = createTaps(def, taps);
            BhyveCommands cmds = mode.apply(commands.build(def, i -> tapOf.get(i), host.deviceMapFile(d.name)));
            List<String> argv = new ArrayList<>(cmds.bhyveArgv());
            vmMayExist = true;
            // bhyve only runs a VM that exists: without a boot ROM the loader creates it, for a
            // restore too (bhyve -r then replaces the loaded state with the checkpoint's).
            // an incoming migration's VM exists already, its memory filled: the loader would reset it.
            if (cmds.loaderArgv().isPresent() && !((move == LifecycleMove.MIGRATE_IN
                    || move == LifecycleMove.MIGRATE_PREPARE) && host.vmExists(d.name))) {
                host.runLoader(d.name, cmds.loaderArgv().get(), cmds.deviceMap());
            }
            p = host.startBhyve(d.name, argv);
            int id = (int) p.bhyvePid();
            d.process = p;
            d.liveDef = def;
            d.taps = List.copyOf(taps);
            d.stopRequest = StopRequest.NONE;
            d.runEnded = new CompletableFuture<>();
            d.runtime = new RuntimeStatus(p.bhyvePid(), p.supervisorPid(), p.bhyveStart(), move.to(), id, argv, taps,
                    !d.isPersistent());
            d.move(move);
            store.saveRuntime(d.name, codec.formatLive(def, id), d.runtime);
            events.emit(d, move.event());
            watch(d, p);
        } catch (RuntimeException e) {
            if (p != null && d.process == p && d.isActive()) {
                // bhyve runs and the domain is marked active: stop it the regular way.
                d.stopRequest = StopRequest.DESTROY;
                killAndAwait(d, p);
                finishRun(d, LifecycleMove.START_FAILED);
            } else {
                if (p != null) {
                    killAndAwait(d, p);
                }
                d.process = null;
                d.liveDef = null;
                d.runtime = null;
                d.taps = List.of();
                if (vmMayExist) {
                    host.destroyVm(d.name);
                }
                destroyTaps(taps);
                host.forgetRun(d.name);
            }
            throw e;
        }
    }

    /** Watches {@code p}: its exit is handled on the exit executor under the domain's lock. */
    void watch(DomainObject d, GuestProcess p) {
        p.exit().thenAcceptAsync(exit -> onExit(d, p, exit), exitExecutor);
    }

    /** Handles the exit of a guest that ended by itself or because of a signal the driver sent. */
    void onExit(DomainObject d, GuestProcess p, GuestExit exit) {
        if (closed) {
            return;
        }
        d.lock.lock();
        try {
            if (d.process != p || closed) {
                return; // the operation that caused the exit has handled it
            }
            LifecycleMove move = ExitMapping.map(exit, d.stopRequest);
            LOG.log(System.Logger.Level.INFO, "domain ''{0}'': bhyve {1}: {2}", d.name, exit, move);
            DomainDef next = d.nextBootDef();
            finishRun(d, move);
            if (move == LifecycleMove.REBOOT_STOP && !d.removed) {
                try {
                    start(d, next, LifecycleMove.BOOT, null);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "domain '" + d.name + "' could not restart after reboot: "
                            + e.getMessage());
                    if (!d.isPersistent()) {
                        registry.remove(d);
                    }
                }
            }
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * Ends the current run: {@code bhyvectl --destroy}, taps and runtime files removed, the move
     * applied and its event emitted; a transient domain leaves the registry unless it reboots.
     */
    void finishRun(DomainObject d, LifecycleMove move) {
        d.process = null;
        host.destroyVm(d.name);
        destroyTaps(d.taps);
        host.forgetRun(d.name);
        try {
            store.deleteRuntime(d.name);
            store.deleteRestoring(d.name);
        } catch (BhyveDriverException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
        d.move(move);
        d.liveDef = null;
        d.runtime = null;
        d.taps = List.of();
        d.stopRequest = StopRequest.NONE;
        d.job = null;
        events.emit(d, move.event());
        if (!d.isPersistent() && move != LifecycleMove.REBOOT_STOP) {
            registry.remove(d);
        }
        d.runEnded.complete(null);
    }

    /**
     * Ends the current bhyve but keeps the domain active without one (cold migration: its guest
     * lives in checkpoint files until it runs on the destination or here again): VM, taps and
     * runtime files removed, the move applied and its event emitted; waiters on the run's end look
     * again and find the domain still active.
     */
    void parkRun(DomainObject d, LifecycleMove move) {
        d.process = null;
        host.destroyVm(d.name);
        destroyTaps(d.taps);
        host.forgetRun(d.name);
        try {
            store.deleteRuntime(d.name);
        } catch (BhyveDriverException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
        d.move(move);
        d.runtime = null;
        d.taps = List.of();
        d.stopRequest = StopRequest.NONE;
        events.emit(d, move.event());
        CompletableFuture<Void> ended = d.runEnded;
        d.runEnded = new CompletableFuture<>();
        ended.complete(null);
    }

    /** Sends SIGKILL to bhyve and waits for its supervisor to record the exit. */
    GuestExit killAndAwait(DomainObject d, GuestProcess p) {
        try {
            host.signal(d.name, p.bhyvePid(), BhyveHost.Signal.KILL);
        } catch (BhyveDriverException e) {
            LOG.log(System.Logger.Level.DEBUG, "bhyve of " + d.name + " already gone: " + e.getMessage());
        }
        return awaitExit(d, p, host.config().programTimeout());
    }

    /** Waits for the exit of {@code p}; VIR_ERR_OPERATION_TIMEOUT if it does not come in time. */
    GuestExit awaitExit(DomainObject d, GuestProcess p, Duration timeout) {
        try {
            return p.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT,
                    "bhyve of domain '" + d.name + "' (pid " + p.bhyvePid() + ") did not exit within "
                            + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            return GuestExit.unknown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED,
                    "interrupted while waiting for bhyve of domain '" + d.name + "'", e);
        }
    }

    private Map<InterfaceDef, String> createTaps(DomainDef def, List<String> taps) {
        Map<InterfaceDef, String> tapOf = new IdentityHashMap<>();
        List<InterfaceDef> ifaces = def.devices().interfaces();
        if (ifaces.isEmpty()) {
            return tapOf;
        }
        if (!host.network().usable()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "domain '" + def.name() + "' has " + ifaces.size() + " network interface(s) but this host has no "
                            + "usable ifconfig to create taps");
        }
        for (InterfaceDef i : ifaces) {
            if (i.type() != InterfaceType.BRIDGE || i.sourceBridge() == null) {
                throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                        "domain '" + def.name() + "': interface " + i.mac() + " of type " + i.type().xmlName()
                                + " cannot be started on this host (only bridge interfaces get taps)");
            }
            String tap = host.network().createTapInBridge(def.name(), i.sourceBridge());
            taps.add(i.sourceBridge() + "/" + tap);
            tapOf.put(i, tap);
        }
        return tapOf;
    }

    private void destroyTaps(List<String> taps) {
        for (String bt : taps) {
            int slash = bt.indexOf('/');
            host.network().destroyTap(bt.substring(0, slash), bt.substring(slash + 1));
        }
    }
}
