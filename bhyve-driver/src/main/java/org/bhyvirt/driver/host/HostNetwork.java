package org.bhyvirt.driver.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Creates and removes the tap devices of a guest's bridged interfaces with the host's configured
 * ifconfig, as libvirt's bhyve driver does on FreeBSD: {@code ifconfig tap create} (prints the new
 * tap's name), {@code ifconfig BRIDGE addm TAP}, {@code ifconfig TAP up}, and at stop
 * {@code ifconfig BRIDGE deletem TAP}, {@code ifconfig TAP destroy}. A host without a usable
 * ifconfig refuses to create taps with VIR_ERR_CONFIG_UNSUPPORTED; it never pretends.
 */
public final class HostNetwork {

    private final HostConfig config;
    private final ProgramRunner runner;

    public HostNetwork(HostConfig config, ProgramRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    /** Whether this host can create taps at all. */
    public boolean usable() {
        return config.ifconfig().map(Files::isExecutable).orElse(false);
    }

    /** Creates a tap, adds it to {@code bridge} and brings it up; returns the tap's name. */
    public String createTapInBridge(String domain, String bridge) {
        Path ifconfig = requireIfconfig(domain);
        ProgramResult created = runner.runChecked(List.of(ifconfig.toString(), "tap", "create"));
        String tap = created.output().strip();
        if (!tap.matches("tap[0-9]+")) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "ifconfig tap create printed '" + tap + "' instead of a tap name for domain '" + domain + "'");
        }
        try {
            runner.runChecked(List.of(ifconfig.toString(), bridge, "addm", tap));
            runner.runChecked(List.of(ifconfig.toString(), tap, "up"));
        } catch (BhyveDriverException e) {
            destroyTap(bridge, tap);
            throw e;
        }
        return tap;
    }

    /** Removes {@code tap} from {@code bridge} and destroys it; failures are ignored (best effort at stop). */
    public void destroyTap(String bridge, String tap) {
        config.ifconfig().ifPresent(ifconfig -> {
            runner.run(List.of(ifconfig.toString(), bridge, "deletem", tap));
            runner.run(List.of(ifconfig.toString(), tap, "destroy"));
        });
    }

    private Path requireIfconfig(String domain) {
        if (!usable()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "domain '" + domain + "' has network interfaces but this host has no usable ifconfig to "
                            + "create taps (configured: " + config.ifconfig().map(Path::toString).orElse("none") + ")");
        }
        return config.ifconfig().get();
    }
}
