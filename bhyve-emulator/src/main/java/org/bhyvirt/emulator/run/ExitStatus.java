package org.bhyvirt.emulator.run;

/** bhyve(8)'s exit statuses, by what ended the guest. */
public enum ExitStatus {
    /** The guest rebooted. */
    REBOOT(0),
    /** The guest powered off. */
    POWEROFF(1),
    /** The guest halted. */
    HALT(2),
    /** The guest triple-faulted. */
    TRIPLE_FAULT(3),
    /** bhyve failed. */
    ERROR(4);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
