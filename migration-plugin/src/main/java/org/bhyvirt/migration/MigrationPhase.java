package org.bhyvirt.migration;

/**
 * The phases of a managed migration, named and ordered as libvirt's migration protocol v3
 * (begin and perform run on the source, prepare and finish on the destination, confirm on the
 * source again). Every {@link MigrationException} names the phase it failed in.
 */
public enum MigrationPhase {
    /** Source: checks the domain can migrate and describes it for the destination. */
    BEGIN("begin"),
    /** Destination: checks compatibility, creates the incoming VM, hands out the one-time token. */
    PREPARE("prepare"),
    /** Source: streams memory and state to the destination. */
    PERFORM("perform"),
    /** Destination: resumes the guest (or discards it when perform failed). */
    FINISH("finish"),
    /** Source: removes the source VM (or resumes it when the destination failed). */
    CONFIRM("confirm");

    private final String label;

    MigrationPhase(String label) {
        this.label = label;
    }

    /** The phase's lower-case name, as libvirt's logs spell it. */
    public String label() {
        return label;
    }
}
