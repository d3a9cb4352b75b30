package org.bhyvirt.migration.managed;

import java.util.Objects;
import java.util.Optional;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.nativ.DomainNativeMigration;
import org.bhyvirt.migration.nativ.NativeMigrationOptions;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * One domain's native migration (the UPB patch's own) between two hosts' drivers, as
 * {@link ManagedMigration} runs it for {@code MigrationKind.NATIVE}: {@link DomainNativeMigration}
 * with the destination listening on its bind address. The patch's live migration needs wired
 * memory ({@code <memoryBacking><locked/>}, bhyve -S); a guest without it moves warm.
 *
 * <p>Guarantee: as {@link DomainNativeMigration}'s (on failure the guest runs on the source and the
 * destination has no domain left but a persistent definition). The options' timeout (10 minutes
 * when none is set) bounds it; a cancel takes effect until bhyvectl asks the patch to migrate, which
 * has no abort of its own. The progress report and the downtime are not measured (bhyve does not
 * report them).
 */
final class NativeDomainMigration {
    private final SourceHost source;
    private final ManagedDestination destination;
    private final String domain;
    private final NativeMigrationOptions options;
    private final MigrationListener listener;
    private volatile boolean cancelled;
    private volatile DomainNativeMigration running;

    NativeDomainMigration(SourceHost source, ManagedDestination destination, String domain, MigrationOptions options,
            MigrationListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.options = nativeOptions(options);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The supervision limits for {@code options}: its timeout, or the default 10 minutes when it has none. */
    static NativeMigrationOptions nativeOptions(MigrationOptions options) {
        NativeMigrationOptions d = NativeMigrationOptions.DEFAULTS;
        return options.timeout().isZero() ? d : new NativeMigrationOptions(options.timeout(), d.grace(), d.settle());
    }

    /** Cancels from any thread until bhyvectl asks the patch to migrate. */
    void cancel() {
        cancelled = true;
        DomainNativeMigration m = running;
        if (m != null) {
            m.cancel();
        }
    }

    MigrationOutcome run() {
        try {
            listener.phase(MigrationPhase.PERFORM);
        } catch (RuntimeException e) {
            // a listener that throws does not fail the migration
        }
        try {
            boolean wired = source.driver().getXMLDesc(domain, XmlFlag.INACTIVE.bit()).contains("<locked/>");
            DomainNativeMigration m = new DomainNativeMigration(source.driver(), destination.driver(), domain,
                    destination.bind(), wired, options);
            running = m;
            if (cancelled) {
                m.cancel();
            }
            m.run();
            return new MigrationOutcome(domain, GuestLocation.DESTINATION, null, Optional.empty(), Optional.empty());
        } catch (MigrationException e) {
            return new MigrationOutcome(domain, location(), null, Optional.empty(), Optional.of(e));
        } catch (RuntimeException e) {
            return new MigrationOutcome(domain, location(), null, Optional.empty(), Optional.of(new MigrationException(
                    MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM, "PERFORM", "unexpected failure: " + e, e)));
        }
    }

    private GuestLocation location() {
        try {
            return source.driver().getState(domain).isActive() ? GuestLocation.SOURCE : GuestLocation.NONE;
        } catch (RuntimeException e) {
            return GuestLocation.NONE;
        }
    }
}
