package org.bhyvirt.plugin.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.vmm.VmmProvider;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.bhyvirt.driver.vmm.freebsd.FreeBsdVmmProvider;
import org.bhyvirt.plugin.config.BhyvePrograms;
import org.bhyvirt.plugin.config.InvalidConfigurationException;
import org.bhyvirt.plugin.config.PluginConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The one bhyve host this plugin instance manages. When the application starts it reads the
 * configuration once, opens the domain driver (which re-adopts guests still running from a previous
 * start) and fires {@link HostReady}; when the application stops it fires {@link HostStopping} and
 * closes the driver without stopping any guest, as libvirtd does. A start that fails (bad
 * configuration, a state directory in use) leaves the application deployed with the host
 * {@link HostStatus.Phase#FAILED}: every call then answers {@link HostNotReadyException} with the
 * reason, and readiness reports it.
 */
@ApplicationScoped
public class PluginHost {

    private static final Logger LOG = Logger.getLogger(PluginHost.class.getName());

    @Inject
    Config mpConfig;
    @Inject
    Event<LifecycleEvent> lifecycleEvents;
    @Inject
    Event<HostReady> readyEvents;
    @Inject
    Event<HostStopping> stoppingEvents;

    private volatile PluginConfig config;
    private volatile DomainDriver driver;
    private volatile VmmProvider vmms;
    private volatile HostStatus status = new HostStatus(HostStatus.Phase.STARTING, "the application is starting");

    /** Opens the host when the application's context starts. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start();
    }

    /** Closes the host before the application's beans are destroyed, so observers can still act. */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
        stop();
    }

    @PreDestroy
    void destroy() {
        stop();
    }

    /** Reads the configuration and opens the driver; idempotent while open. */
    synchronized void start() {
        if (status.phase() == HostStatus.Phase.READY) {
            return;
        }
        try {
            PluginConfig read = PluginConfig.read(key -> mpConfig.getOptionalValue(key, String.class),
                    PluginConfig.Machine.probe());
            this.config = read;
            prepareDirectories(read);
            this.vmms = read.programs() instanceof BhyvePrograms.Emulated e
                    ? new EmulatedVmmProvider(e.vmDir(), read.stagingDir()) : new FreeBsdVmmProvider();
            this.driver = DomainDriver.open(read.hostConfig(), new CdiEventPublisher(lifecycleEvents));
            this.status = new HostStatus(HostStatus.Phase.READY, "host " + read.hostName() + " serves "
                    + (read.usesEmulator() ? "emulated guests (" + read.programs().programDir() + ")"
                    : "bhyve guests (" + read.programs().programDir() + ")") + " with state in " + read.stateDir());
            LOG.info(status::detail);
        } catch (InvalidConfigurationException e) {
            fail("invalid configuration: " + e.getMessage(), e);
            return;
        } catch (IOException | RuntimeException e) {
            fail("the domain driver did not open: " + e.getMessage(), e);
            return;
        }
        try {
            readyEvents.fire(new HostReady(config));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of the host's start failed", e);
        }
    }

    /** Fires {@link HostStopping}, then closes the driver (guests keep running); idempotent. */
    synchronized void stop() {
        DomainDriver open = driver;
        if (open == null) {
            if (status.phase() != HostStatus.Phase.FAILED) {
                status = new HostStatus(HostStatus.Phase.STOPPED, "the application stopped");
            }
            return;
        }
        try {
            stoppingEvents.fire(new HostStopping(config.hostName()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of the host's stop failed", e);
        }
        status = new HostStatus(HostStatus.Phase.STOPPED, "the application stopped");
        driver = null;
        open.close();
        LOG.info(() -> "host " + config.hostName() + " stopped; its guests keep running");
    }

    /** The host's phase and, unless it serves, why not. */
    public HostStatus status() {
        return status;
    }

    /** The open domain driver; {@link HostNotReadyException} unless the host serves. */
    public DomainDriver driver() {
        DomainDriver d = driver;
        if (d == null) {
            throw new HostNotReadyException(status.detail());
        }
        return d;
    }

    /** The VMs of this host (the emulator's or FreeBSD's vmm); {@link HostNotReadyException} unless the host serves. */
    public VmmProvider vmms() {
        driver();
        return vmms;
    }

    /** The configuration as read at start; {@link HostNotReadyException} when it could not be read. */
    public PluginConfig config() {
        PluginConfig c = config;
        if (c == null) {
            throw new HostNotReadyException(status.detail());
        }
        return c;
    }

    /** The configuration if it could be read (also while the host is failed or stopped). */
    public Optional<PluginConfig> configIfRead() {
        return Optional.ofNullable(config);
    }

    /** Where save/restore and migration state files are staged: {@code STATE_DIR/staging}. */
    public Path stagingDir() {
        return config().stagingDir();
    }

    /** The name this host reports. */
    public String hostName() {
        return config().hostName();
    }

    /** The configuration for injection: {@code @Inject PluginConfig config}. */
    @Produces
    @Dependent
    PluginConfig producePluginConfig() {
        return config();
    }

    private void fail(String reason, Exception e) {
        status = new HostStatus(HostStatus.Phase.FAILED, reason);
        LOG.log(Level.SEVERE, "bhyvirt host did not start: " + reason, e);
    }

    private static void prepareDirectories(PluginConfig c) throws IOException {
        Files.createDirectories(c.stateDir());
        Files.createDirectories(c.stagingDir());
        if (c.programs() instanceof BhyvePrograms.Emulated e) {
            Files.createDirectories(e.vmDir());
        }
    }
}
