package org.bhyvirt.migration.managed;

import java.util.Objects;
import java.util.Optional;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.nativ.DomainNativeMigration;
import org.bhyvirt.migration.nativ.NativeMigrationOptions;

/**
 * One domain's native migration (the UPB patch's own) between two hosts' drivers, as
 * {@link ManagedMigration} runs it for {@code MigrationKind.NATIVE}: {@link DomainNativeMigration}
 * with the destination listening on its bind address. The patch's live migration needs wired
 * memory ({@code <memoryBacking><locked/>}, bhyve -S); a guest without it moves warm.
 *
 * <p>Guarantee: as {@link DomainNativeMigration}'s (on failure the guest runs on the source and the
 * destination has no domain left but a persistent definition). The patch cannot be cancelled once
 * bhyvectl asked it: its overall timeout applies; the progress report and the downtime are not
 * measured (bhyve does not report them).
 */
final class NativeDomainMigration {
    private final SourceHost source;
    private final ManagedDestination destination;
    private final String domain;
    private final MigrationListener listener;

    NativeDomainMigration(SourceHost source, ManagedDestination destination, String domain, MigrationListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    MigrationOutcome run() {
        try {
            listener.phase(MigrationPhase.PERFORM);
        } catch (RuntimeException e) {
            // a listener that throws does not fail the migration
        }
        try {
            boolean wired = source.driver().getXMLDesc(domain, XmlFlag.INACTIVE.bit()).contains("<locked/>");
            new DomainNativeMigration(source.driver(), destination.driver(), domain, destination.bind(), wired,
                    NativeMigrationOptions.DEFAULTS).run();
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
