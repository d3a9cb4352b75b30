package org.bhyvirt.emulator.control;

import java.util.Optional;

/**
 * The commands of the control protocol, by their wire name. Codes are fixed and never reused (0 is
 * reserved); a command that takes an argument (a file path or a number) gets it as the rest of the request line.
 */
public enum ControlCommand {
    /** Boot id, uptime, vCPUs, memory, workload progress. */
    STATUS(1, "status", false),
    /** Checks every written page against the generation table (vCPUs paused meanwhile). */
    SELF_CHECK(2, "self-check", false),
    /** The guest reboots: bhyve exits 0. */
    REBOOT(3, "reboot", false),
    /** The guest powers off: bhyve exits 1. */
    POWEROFF(4, "poweroff", false),
    /** The guest halts: bhyve exits 2. */
    HALT(5, "halt", false),
    /** The guest triple-faults: bhyve exits 3. */
    TRIPLE_FAULT(6, "triple-fault", false),
    /** bhyve fails: exits 4. */
    ERROR(7, "error", false),
    /** Writes FILE, FILE.kern, FILE.meta; the guest keeps running. */
    CHECKPOINT(8, "checkpoint", true),
    /** As checkpoint, then the VM is destroyed and bhyve exits 0. */
    SUSPEND(9, "suspend", true),
    /** Stops every vCPU and the clock until {@code resume} (idempotent; answer paused). */
    PAUSE(10, "pause", false),
    /** Ends a {@code pause} (idempotent; answer paused). */
    RESUME(11, "resume", false),
    /** Argument PERCENT (0..99): the share of time every vCPU sleeps (answer throttlePercent). */
    THROTTLE(12, "throttle", true),
    /** Argument FILE: writes FILE.kern and FILE.meta (memory in place) of the paused guest. */
    SAVE_STATE(13, "save-state", true),
    /** Argument FILE: the paused guest's vCPUs continue from FILE.kern (checked against FILE.meta). */
    RESTORE_STATE(14, "restore-state", true),
    /** Argument N: the next N data-page writes leave their dirty bit clear; only with test hooks enabled. */
    DEBUG_DROP_DIRTY(15, "debug-drop-dirty", true),
    /** Starts a warm migration to {@code host,port} (the UPB patch's START_MIGRATE); answers once it is under way. */
    MIGRATE(40, "migrate", true),
    /** Starts a live migration to {@code host,port} (START_MIGRATE_LIVE); answers once it is under way. */
    MIGRATE_LIVE(41, "migrate-live", true);

    private final int code;
    private final String wireName;
    private final boolean takesArgument;

    ControlCommand(int code, String wireName, boolean takesArgument) {
        this.code = code;
        this.wireName = wireName;
        this.takesArgument = takesArgument;
    }

    /** The fixed numeric code. */
    public int code() {
        return code;
    }

    /** The name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** Whether the command needs an argument. */
    public boolean takesArgument() {
        return takesArgument;
    }

    /** Whether the argument is a file path (the others are numbers). */
    public boolean argumentIsPath() {
        return this == CHECKPOINT || this == SUSPEND || this == SAVE_STATE || this == RESTORE_STATE;
    }

    /** The command named {@code name} on the wire. */
    public static Optional<ControlCommand> byWireName(String name) {
        for (ControlCommand c : values()) {
            if (c.wireName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
