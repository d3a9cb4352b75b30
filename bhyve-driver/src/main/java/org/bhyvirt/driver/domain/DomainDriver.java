package org.bhyvirt.driver.domain;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.NativeArgv;
import org.bhyvirt.driver.argv.BhyveCapabilityProbe;
import org.bhyvirt.driver.argv.BhyveCommandBuilder;
import org.bhyvirt.driver.argv.BuildContext;
import org.bhyvirt.driver.argv.BuildMode;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DomainXmlFormatter;
import org.bhyvirt.driver.domain.flags.CreateFlag;
import org.bhyvirt.driver.domain.flags.DefineFlag;
import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.flags.MetadataType;
import org.bhyvirt.driver.domain.flags.ModificationImpact;
import org.bhyvirt.driver.domain.flags.RebootFlag;
import org.bhyvirt.driver.domain.flags.SaveRestoreFlag;
import org.bhyvirt.driver.domain.flags.ShutdownFlag;
import org.bhyvirt.driver.domain.flags.UndefineFlag;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.domain.store.BrokenDefinition;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.domain.store.StateDirLock;
import org.bhyvirt.driver.domain.store.RuntimeStatus;
import org.bhyvirt.driver.domain.store.StoredNames;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.event.EventPublisher;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.driver.host.BhyveHost;
import org.bhyvirt.driver.host.GuestProcess;
import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.driver.host.NodeInfo;

/**
 * The libvirt domain API of one bhyve host. Every entry point has libvirt's shape: check the
 * flags (VIR_ERR_INVALID_ARG for unknown bits), look up and lock the domain (VIR_ERR_NO_DOMAIN),
 * check preconditions (VIR_ERR_OPERATION_INVALID with libvirt's messages), act through the host
 * boundary, emit the lifecycle event, release the lock (try-with-resources). Operations on one
 * domain are serialized by its lock; different domains proceed in parallel. Guests outlive the
 * driver: {@link #close()} stops watching them, and a new driver on the same state directory
 * re-adopts them.
 */
public final class DomainDriver implements AutoCloseable {

    private final HostConfig config;
    private final BhyveHost host;
    private final DomainStore store;
    private final DomainXmlCodec codec;
    private final DomainRegistry registry = new DomainRegistry();
    private final EventEmitter events;
    private final GuestRunner runner;
    private final SaveRestore saves;
    private final HostCapabilities capabilities;
    private final ExecutorService exitExecutor;
    private final List<BrokenDefinition> broken;
    private final StateDirLock stateLock;
    private final DomainMigrationSupport migration;
    private final ColdMigrationSupport coldMigration;
    private final NativeMigrationSupport nativeMigration;

    /**
     * Opens the driver of one host: probes the host's bhyve and grub-bhyve once, then loads,
     * re-adopts and autostarts as {@link #DomainDriver(HostConfig, EventPublisher, BhyveCapabilities,
     * DomainXmlCodec, GuestCommandFactory)} does, with libvirt's XML codec and command builder.
     */
    public static DomainDriver open(HostConfig config, EventPublisher publisher) {
        BhyveCapabilities caps = new BhyveCapabilityProbe().probe(config.bhyve(), config.grubBhyve(),
                config.firmwareDir());
        return open(config, publisher, caps);
    }

    /** Opens the driver with already probed capabilities (one probe can serve several drivers of a host). */
    public static DomainDriver open(HostConfig config, EventPublisher publisher, BhyveCapabilities caps) {
        return new DomainDriver(config, publisher, caps, new LibvirtXmlCodec(caps),
                (def, tapOf, deviceMap) -> BhyveCommandBuilder.build(def, caps,
                        new BuildContext(tapOf, deviceMap.toString(), BuildMode.START)));
    }

    /**
     * Opens the driver of one host: probes nothing (the capabilities are given), loads every
     * stored definition, re-adopts running guests, then starts autostart domains.
     */
    public DomainDriver(HostConfig config, EventPublisher publisher, BhyveCapabilities bhyveCaps,
                        DomainXmlCodec codec, GuestCommandFactory commands) {
        this.config = config;
        this.stateLock = StateDirLock.acquire(config.stateDir());
        this.codec = codec;
        this.events = new EventEmitter(config.hostName(), publisher, Clock.systemUTC());
        ExecutorService executor = null;
        GuestRunner guestRunner = null;
        try {
            this.host = new BhyveHost(config);
            this.store = new DomainStore(config);
            NodeInfo node = host.nodeInfo();
            this.capabilities = new HostCapabilities(config.hostName(), node, bhyveCaps);
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "bhyvirt-exit-" + config.hostName());
                t.setDaemon(true);
                return t;
            });
            guestRunner = new GuestRunner(host, store, codec, commands, events, registry, executor, node);
            this.saves = new SaveRestore(host, store, codec, guestRunner, this::pause);
            this.broken = new DomainReconnect(host, store, codec, registry, guestRunner, saves).run();
        } catch (RuntimeException e) {
            // whatever failed, the state directory and the threads are released
            if (guestRunner != null) {
                guestRunner.close();
            }
            if (executor != null) {
                executor.shutdownNow();
            }
            stateLock.close();
            throw e;
        }
        this.exitExecutor = executor;
        this.runner = guestRunner;
        this.migration = new DomainMigrationSupport(registry, codec, guestRunner, store, events, this::parse);
        this.coldMigration = new ColdMigrationSupport(registry, host, store, guestRunner, this::parse);
        this.nativeMigration = new NativeMigrationSupport(registry, host, store, events, guestRunner, this::parse);
    }

    /** Cold migration's calls on this host's domains (checkpoint to files, restore back, confirm). */
    public ColdMigrationSupport coldMigration() {
        return coldMigration;
    }

    /** A patched bhyve's own migration on this host's domains ({@code bhyve -R}, {@code bhyvectl --migrate-live}). */
    public NativeMigrationSupport nativeMigration() {
        return nativeMigration;
    }

    /** The calls a migration engine makes on this host's domains (libvirt's begin/finish/confirm). */
    public DomainMigrationSupport migration() {
        return migration;
    }

    /** Host name, node info and bhyve features probed at open. */
    public HostCapabilities capabilities() {
        return capabilities;
    }

    /** virConnectGetCapabilities: the host's capabilities XML. */
    public String capabilitiesXml() {
        return CapabilitiesXml.capabilities(capabilities, config.bhyve());
    }

    /** virConnectGetDomainCapabilities for domain type bhyve on x86_64. */
    public String domainCapabilitiesXml() {
        return CapabilitiesXml.domainCapabilities(capabilities, config.bhyve());
    }

    /**
     * virConnectDomainXMLToNative: the loader and bhyve command lines for {@code xml}, one per line,
     * in the only format libvirt's bhyve driver knows ({@code bhyve-argv}).
     */
    public String domainXmlToNative(String format, String xml, long flags) {
        if (flags != 0) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    String.format("virConnectDomainXMLToNative: unsupported flags (0x%x)", flags));
        }
        if (!NativeArgv.FORMAT.equals(format)) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unsupported config type " + format);
        }
        return String.join("\n", NativeArgv.lines(parse(xml), capabilities.bhyve())) + "\n";
    }

    /** Refuses an emulator other than this host's bhyve, as libvirt's bhyve driver does. */
    public void checkEmulator(String emulator) {
        if (!config.bhyve().toString().equals(emulator)) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unknown emulator binary: " + emulator);
        }
    }

    /** virNodeGetInfo. */
    public NodeInfo nodeInfo() {
        return capabilities.node();
    }

    /** Stored definitions that could not be loaded when the driver opened (left untouched on disk). */
    public List<BrokenDefinition> brokenDefinitions() {
        return broken;
    }

    /** virDomainDefineXMLFlags: defines or updates a persistent domain (event DEFINED added/updated). */
    public DomainRef defineXML(String xml, long flags) {
        Flags.check("virDomainDefineXMLFlags", flags, DefineFlag.VALIDATE);
        DomainDef def = parse(xml);
        runner.checkHostLimits(def);
        try (DomainLease lease = addOrFind(def)) {
            DomainObject d = lease.domain;
            boolean existed = d.isPersistent();
            try {
                store.saveDefinition(d.name, codec.formatInactive(def));
            } catch (RuntimeException e) {
                DomainLease.forgetIfUnused(registry, d);
                throw e;
            }
            d.persistentDef = def;
            if (d.isActive() && d.runtime.transientDomain()) {
                store.saveStatus(d.name, d.runtime = d.runtime.withTransient(false));
            }
            events.emit(d, existed ? LifecycleEventDetail.DEFINED_UPDATED : LifecycleEventDetail.DEFINED_ADDED);
            return ref(d);
        }
    }

    /** virDomainCreateXML: starts a transient domain at once (or an inactive persistent one with this XML). */
    public DomainRef createXML(String xml, long flags) {
        Flags.check("virDomainCreateXML", flags, CreateFlag.START_PAUSED, CreateFlag.START_VALIDATE);
        DomainDef def = parse(xml);
        try (DomainLease lease = addOrFind(def)) {
            DomainObject d = lease.domain;
            if (d.isActive()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is already active");
            }
            try {
                runner.start(d, def, LifecycleMove.BOOT, null);
            } catch (RuntimeException e) {
                if (!d.isPersistent()) {
                    registry.remove(d);
                }
                throw e;
            }
            if (Flags.has(flags, CreateFlag.START_PAUSED)) {
                pause(d);
            }
            return ref(d);
        }
    }

    /** virDomainUndefineFlags: removes the persistent definition (an active domain becomes transient). */
    public void undefine(String name, long flags) {
        Flags.check("virDomainUndefineFlags", flags, UndefineFlag.MANAGED_SAVE, UndefineFlag.SNAPSHOTS_METADATA,
                UndefineFlag.CHECKPOINTS_METADATA, UndefineFlag.KEEP_NVRAM);
        try (DomainLease lease = DomainLease.forChange(registry, name, "undefine")) {
            DomainObject d = lease.domain;
            if (!d.isPersistent()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot undefine transient domain");
            }
            if (store.hasManagedSave(d.name)) {
                if (!Flags.has(flags, UndefineFlag.MANAGED_SAVE)) {
                    throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                            "Refusing to undefine while domain managed save image exists");
                }
                store.removeManagedSave(d.name);
            }
            store.setAutostart(d.name, false);
            store.deleteDefinition(d.name);
            d.persistentDef = null;
            if (d.isActive()) {
                store.saveStatus(d.name, d.runtime = d.runtime.withTransient(true));
            } else {
                registry.remove(d);
            }
            events.emit(d, LifecycleEventDetail.UNDEFINED_REMOVED);
        }
    }

    /** virConnectListAllDomains with libvirt's filter flags ({@link ListFlag}), sorted by name. */
    public List<DomainRef> listAllDomains(long flags) {
        Flags.check("virConnectListAllDomains", flags, ListFlag.values());
        return DomainQueries.list(registry, store, flags);
    }

    /** virDomainLookupByName; answers at once, even while an operation holds the domain. */
    public DomainRef lookupByName(String name) {
        return ref(DomainLease.peekByName(registry, name));
    }

    /** virDomainLookupByUUID; answers at once, even while an operation holds the domain. */
    public DomainRef lookupByUuid(UUID uuid) {
        return ref(DomainLease.peekByUuid(registry, uuid));
    }

    /** virDomainLookupByID: the id of an active domain is its bhyve pid. */
    public DomainRef lookupById(int id) {
        for (DomainObject d : registry.all()) {
            DomainRef r = ref(d);
            if (r.id() == id && id > 0) {
                return r;
            }
        }
        throw DomainLease.noDomain("no domain with matching id " + id);
    }

    /**
     * virDomainCreateWithFlags: boots an inactive domain, or restores it from its managed save image
     * (which is then consumed) unless START_FORCE_BOOT discards that image.
     */
    public DomainRef start(String name, long flags) {
        Flags.check("virDomainCreateWithFlags", flags, CreateFlag.START_PAUSED, CreateFlag.START_FORCE_BOOT,
                CreateFlag.START_BYPASS_CACHE);
        try (DomainLease lease = DomainLease.forChange(registry, name, "start")) {
            DomainObject d = lease.domain;
            if (d.isActive()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is already running");
            }
            if (store.hasManagedSave(d.name) && !Flags.has(flags, CreateFlag.START_FORCE_BOOT)) {
                saves.restoreManaged(d);
            } else {
                if (store.hasManagedSave(d.name)) {
                    store.removeManagedSave(d.name);
                }
                runner.start(d, d.nextBootDef(), LifecycleMove.BOOT, null);
            }
            if (Flags.has(flags, CreateFlag.START_PAUSED) && d.state() == DomainState.RUNNING) {
                pause(d);
            }
            return ref(d);
        }
    }

    /**
     * virDomainShutdownFlags: ACPI power button (SIGTERM to bhyve); returns at once, as libvirt does.
     * Only a running guest can see the button: a paused one is refused ("domain is not running"),
     * as libvirt's qemu driver does, rather than given a signal it would only see once resumed.
     */
    public void shutdown(String name, long flags) {
        Flags.check("virDomainShutdownFlags", flags, ShutdownFlag.ACPI_POWER_BTN);
        try (DomainLease lease = DomainLease.forChange(registry, name, "shut down")) {
            DomainObject d = requireRunning(lease.domain);
            if (d.stopRequest == StopRequest.NONE) {
                d.stopRequest = StopRequest.SHUTDOWN;
            }
            host.signal(d.name, d.process.bhyvePid(), BhyveHost.Signal.TERM);
        }
    }

    /**
     * Shutdown, then waits until the domain is inactive; VIR_ERR_OPERATION_TIMEOUT after
     * {@code timeout} (the guest keeps running; the caller may then destroy it).
     */
    public void shutdownAndWait(String name, Duration timeout) {
        shutdown(name, 0);
        if (!awaitInactive(name, timeout)) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT,
                    "domain '" + name + "' did not shut down within " + timeout.toMillis() + " ms");
        }
    }

    /** {@link #shutdownAndWait(String, Duration)} with the host's configured shutdown timeout. */
    public void shutdownAndWait(String name) {
        shutdownAndWait(name, config.shutdownTimeout());
    }

    /**
     * Waits (without holding the domain's lock) until the domain is inactive or gone. Returns
     * false if it is still active after {@code timeout}. A reboot on the way does not count.
     */
    public boolean awaitInactive(String name, Duration timeout) {
        return DomainQueries.awaitInactive(registry, name, timeout);
    }

    /**
     * virDomainReboot: sets the reboot flag, then SIGTERM; the exit restarts the guest (new boot).
     * A paused guest is refused as for {@link #shutdown}.
     */
    public void reboot(String name, long flags) {
        Flags.check("virDomainReboot", flags, RebootFlag.ACPI_POWER_BTN);
        try (DomainLease lease = DomainLease.forChange(registry, name, "reboot")) {
            DomainObject d = requireRunning(lease.domain);
            d.stopRequest = StopRequest.REBOOT;
            host.signal(d.name, d.process.bhyvePid(), BhyveHost.Signal.TERM);
        }
    }

    /**
     * virDomainDestroyFlags: SIGKILL to bhyve, wait for its exit, {@code bhyvectl --destroy}. Works
     * while a {@link DomainJob} holds the domain: the job ends with the guest (a migration fails).
     */
    public void destroy(String name, long flags) {
        Flags.check("virDomainDestroyFlags", flags);
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = requireActive(lease.domain);
            d.stopRequest = StopRequest.DESTROY;
            if (d.process != null) { // a cold migration's checkpointed guest has no bhyve to kill
                runner.killAndAwait(d, d.process);
            }
            runner.finishRun(d, LifecycleMove.DESTROY);
        }
    }

    /** virDomainSuspend: SIGSTOP to bhyve; PAUSED(USER), event SUSPENDED paused. A paused domain stays so. */
    public void suspend(String name) {
        try (DomainLease lease = DomainLease.forChange(registry, name, "suspend")) {
            DomainObject d = requireActive(lease.domain);
            if (d.state() != DomainState.PAUSED) {
                pause(d);
            }
        }
    }

    /** virDomainResume: SIGCONT to bhyve; RUNNING(UNPAUSED), event RESUMED unpaused. A running domain stays so. */
    public void resume(String name) {
        try (DomainLease lease = DomainLease.forChange(registry, name, "resume")) {
            DomainObject d = requireActive(lease.domain);
            if (d.state() == DomainState.PAUSED) {
                host.signal(d.name, d.process.bhyvePid(), BhyveHost.Signal.CONT);
                d.move(LifecycleMove.UNPAUSE);
                store.saveStatus(d.name, d.runtime = d.runtime.withReason(LifecycleMove.UNPAUSE.to()));
                events.emit(d, LifecycleMove.UNPAUSE.event());
            }
        }
    }

    /** virDomainSaveFlags: checkpoint to {@code file} (+ .kern, .meta, .xml); the domain ends SHUTOFF(SAVED). */
    public void save(String name, Path file, long flags) {
        Flags.check("virDomainSaveFlags", flags, SaveRestoreFlag.BYPASS_CACHE, SaveRestoreFlag.RUNNING,
                SaveRestoreFlag.PAUSED);
        Boolean paused = pausedChoice(flags);
        try (DomainLease lease = DomainLease.forChange(registry, name, "save")) {
            saves.save(lease.domain, file, paused);
        }
    }

    /**
     * virDomainRestoreFlags: starts the domain saved in {@code file} (RUNNING(RESTORED), event
     * STARTED restored); a domain not defined on this host comes back as a transient one.
     */
    public DomainRef restore(Path file, long flags) {
        Flags.check("virDomainRestoreFlags", flags, SaveRestoreFlag.BYPASS_CACHE, SaveRestoreFlag.RUNNING,
                SaveRestoreFlag.PAUSED);
        Boolean pausedFlag = pausedChoice(flags);
        SaveImage image = saves.readImage(file);
        DomainDef def = saves.definitionOf(image, file);
        try (DomainLease lease = addOrFind(def)) {
            DomainObject d = lease.domain;
            try {
                saves.restore(d, def, file, pausedFlag != null ? pausedFlag : image.paused());
            } catch (RuntimeException e) {
                DomainLease.forgetIfUnused(registry, d);
                throw e;
            }
            return ref(d);
        }
    }

    /** virDomainManagedSave: save into the state directory; the next start restores from it. */
    public void managedSave(String name, long flags) {
        Flags.check("virDomainManagedSave", flags, SaveRestoreFlag.BYPASS_CACHE, SaveRestoreFlag.RUNNING,
                SaveRestoreFlag.PAUSED);
        Boolean paused = pausedChoice(flags);
        try (DomainLease lease = DomainLease.forChange(registry, name, "save")) {
            DomainObject d = lease.domain;
            if (!d.isPersistent()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "cannot do managed save for transient domain");
            }
            saves.save(d, store.managedSaveFile(d.name), paused);
        }
    }

    public boolean hasManagedSaveImage(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            return store.hasManagedSave(lease.domain.name);
        }
    }

    public void managedSaveRemove(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            store.removeManagedSave(lease.domain.name);
        }
    }

    /** virDomainGetInfo; answers at once, even while an operation holds the domain. */
    public DomainInfo getInfo(String name) {
        DomainObject d = DomainLease.peekByName(registry, name);
        DomainState state = d.state();
        DomainDef def = d.currentDef();
        if (def == null) {
            throw DomainLease.noDomain("no domain with matching name '" + name + "'");
        }
        GuestProcess process = d.process;
        long cpu = process == null ? 0 : process.cpuTime().map(Duration::toNanos).orElse(0L);
        return new DomainInfo(state, def.memoryKiB(), def.currentMemoryKiB(), def.vcpus(), cpu);
    }

    /** virDomainGetState: state and reason; answers at once, even while an operation holds the domain. */
    public DomainStatus getState(String name) {
        return DomainLease.peekByName(registry, name).status();
    }

    /**
     * virDomainGetXMLDesc: the live XML (with id) of an active domain, else or with INACTIVE the
     * stored one; secrets (the VNC password) only with SECURE, as libvirt.
     */
    public String getXMLDesc(String name, long flags) {
        Flags.check("virDomainGetXMLDesc", flags, XmlFlag.values());
        DomainXmlFormatter.Secrets secrets = Flags.has(flags, XmlFlag.SECURE)
                ? DomainXmlFormatter.Secrets.INCLUDE : DomainXmlFormatter.Secrets.OMIT;
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.isActive() && !Flags.has(flags, XmlFlag.INACTIVE)) {
                return codec.formatLive(d.liveDef, d.runtime.id(), secrets);
            }
            return codec.formatInactive(Flags.has(flags, XmlFlag.INACTIVE) ? d.nextBootDef() : d.currentDef(),
                    secrets);
        }
    }

    /** virDomainIsPersistent; answers at once, even while an operation holds the domain. */
    public boolean isPersistent(String name) {
        return DomainLease.peekByName(registry, name).isPersistent();
    }

    public boolean getAutostart(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            return lease.domain.isPersistent() && store.isAutostart(lease.domain.name);
        }
    }

    public void setAutostart(String name, boolean autostart) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            if (!lease.domain.isPersistent()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "cannot set autostart for transient domain");
            }
            store.setAutostart(lease.domain.name, autostart);
        }
    }

    /** virDomainGetMetadata; VIR_ERR_NO_DOMAIN_METADATA when absent. */
    public String getMetadata(String name, MetadataType type, String uri, long flags) {
        Flags.check("virDomainGetMetadata", flags, ModificationImpact.values());
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            DomainMetadata.Impact impact = DomainMetadata.impact(d, flags, true);
            return DomainMetadata.get(impact.live() ? d.liveDef : d.persistentDef, type, uri);
        }
    }

    /** virDomainSetMetadata for the live and/or persistent definition; null or empty metadata removes. */
    public void setMetadata(String name, MetadataType type, String metadata, String key, String uri, long flags) {
        Flags.check("virDomainSetMetadata", flags, ModificationImpact.values());
        try (DomainLease lease = DomainLease.forChange(registry, name, "change the metadata of")) {
            DomainObject d = lease.domain;
            DomainMetadata.Impact impact = DomainMetadata.impact(d, flags, false);
            if (impact.live()) {
                DomainDef changed = DomainMetadata.set(codec, d.liveDef, type, metadata, key, uri);
                store.saveRuntime(d.name, codec.formatLive(changed, d.runtime.id()), d.runtime);
                d.liveDef = changed;
            }
            if (impact.config()) {
                DomainDef changed = DomainMetadata.set(codec, d.persistentDef, type, metadata, key, uri);
                store.saveDefinition(d.name, codec.formatInactive(changed));
                d.persistentDef = changed;
            }
        }
    }

    /**
     * Stops watching guests (they keep running), releases the driver's threads and the state
     * directory. An exit being handled at that moment (a reboot's restart) is finished, not cut
     * short: the driver waits for it up to the program timeout (the loader's own limit).
     */
    @Override
    public void close() {
        runner.close();
        exitExecutor.shutdown();
        try {
            if (!exitExecutor.awaitTermination(config.programTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                exitExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            exitExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        stateLock.close();
    }

    private void pause(DomainObject d) {
        host.signal(d.name, d.process.bhyvePid(), BhyveHost.Signal.STOP);
        d.move(LifecycleMove.PAUSE);
        store.saveStatus(d.name, d.runtime = d.runtime.withReason(LifecycleMove.PAUSE.to()));
        events.emit(d, LifecycleMove.PAUSE.event());
    }

    private DomainDef parse(String xml) {
        if (xml == null) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "domain XML must not be null");
        }
        DomainDef def = codec.parse(xml);
        StoredNames.requireSafe(def.name());
        return def;
    }

    private DomainLease addOrFind(DomainDef def) {
        return DomainLease.addOrFind(registry, def);
    }

    private static DomainObject requireActive(DomainObject d) {
        if (!d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is not running");
        }
        return d;
    }

    private static DomainObject requireRunning(DomainObject d) {
        if (d.state() != DomainState.RUNNING) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is not running");
        }
        return d;
    }

    private static Boolean pausedChoice(long flags) {
        boolean running = Flags.has(flags, SaveRestoreFlag.RUNNING);
        boolean paused = Flags.has(flags, SaveRestoreFlag.PAUSED);
        if (running && paused) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    "flags 'running' and 'paused' are mutually exclusive");
        }
        return running ? Boolean.FALSE : paused ? Boolean.TRUE : null;
    }

    static DomainRef ref(DomainObject d) {
        boolean active = d.isActive();
        RuntimeStatus runtime = d.runtime;
        return new DomainRef(d.name, d.uuid, active && runtime != null ? runtime.id() : -1);
    }
}
