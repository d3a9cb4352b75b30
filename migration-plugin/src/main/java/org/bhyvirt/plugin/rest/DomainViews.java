package org.bhyvirt.plugin.rest;

import java.util.Locale;
import java.util.Optional;

import org.bhyvirt.driver.domain.DomainInfo;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.HostCapabilities;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.host.NodeInfo;

/**
 * The driver's answers translated to the REST API's records, and its query parameters to the
 * driver's list flags: pure functions of their arguments.
 */
public final class DomainViews {

    /** The values of {@code GET /domains?state=}. */
    public static final String STATE_FILTERS = "running|paused|shutoff";
    /** The values of {@code GET /domains?persistent=}. */
    public static final String BOOLEANS = "true|false";

    private DomainViews() {
    }

    /** libvirt's state name in lower case: {@code running}, {@code paused}, {@code shutoff}, ... */
    public static String stateName(DomainState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The reason's name within its state, in lower case: {@code RUNNING_BOOTED} is {@code booted}. */
    public static String reasonName(DomainStateReason reason) {
        return reason.name().substring(reason.state().name().length() + 1).toLowerCase(Locale.ROOT);
    }

    public static DomainStateView state(DomainStatus status) {
        return new DomainStateView(stateName(status.state()), reasonName(status.reason()));
    }

    /** A domain's summary from the driver's reference, info and status of it. */
    public static DomainSummary summary(DomainRef ref, DomainInfo info, DomainStatus status, boolean persistent) {
        return new DomainSummary(ref.name(), ref.uuid().toString(), ref.id(), stateName(status.state()),
                reasonName(status.reason()), persistent, info.vcpus(), info.memoryKiB(), info.maxMemKiB());
    }

    /**
     * The summary of a domain that stopped for {@code reason} and, being transient, went with it:
     * its last summary, shut off, without an id.
     */
    public static DomainSummary stopped(DomainSummary last, DomainStateReason reason) {
        return new DomainSummary(last.name(), last.uuid(), -1, stateName(reason.state()), reasonName(reason),
                last.persistent(), last.vcpus(), last.memoryKiB(), last.maxMemoryKiB());
    }

    /**
     * The driver's list flags for the (already validated) query parameters: {@code state} one of
     * {@link #STATE_FILTERS}, {@code persistent} {@code true} or {@code false}; absent = no filter.
     */
    public static long listFlags(Optional<String> state, Optional<String> persistent) {
        long flags = 0;
        if (state.isPresent()) {
            flags |= switch (state.get()) {
                case "running" -> ListFlag.RUNNING.bit();
                case "paused" -> ListFlag.PAUSED.bit();
                case "shutoff" -> ListFlag.SHUTOFF.bit();
                default -> throw new IllegalArgumentException("state filter '" + state.get() + "' is not one of "
                        + STATE_FILTERS);
            };
        }
        if (persistent.isPresent()) {
            flags |= switch (persistent.get()) {
                case "true" -> ListFlag.PERSISTENT.bit();
                case "false" -> ListFlag.TRANSIENT.bit();
                default -> throw new IllegalArgumentException("persistent filter '" + persistent.get()
                        + "' is neither true nor false");
            };
        }
        return flags;
    }

    public static HostView.NodeInfoView node(NodeInfo node) {
        return new HostView.NodeInfoView(node.model(), node.memoryKiB(), node.cpus());
    }

    /** The host's view: name, plugin version, which bhyve ({@code bhyve} or {@code bhyve-emulator}), node. */
    public static HostView host(String hostName, String version, boolean emulated, NodeInfo node) {
        return new HostView(hostName, version, emulated ? "bhyve-emulator" : "bhyve", node(node));
    }

    public static CapabilitiesView capabilities(HostCapabilities caps) {
        return new CapabilitiesView(caps.hostName(), node(caps.node()),
                caps.bhyve().bhyve().stream().map(Enum::name).sorted().toList(),
                caps.bhyve().grub().stream().map(Enum::name).sorted().toList(),
                caps.bhyve().firmwareDir().toString());
    }
}
