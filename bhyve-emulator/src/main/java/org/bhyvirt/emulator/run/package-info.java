/**
 * A running bhyve process: opening the VM, booting or restoring the guest, serving control commands, and ending with bhyve's exit statuses.
 *
 * <p><b>Incoming mode</b> (a migration's destination started at prepare): {@code bhyve ... -r FILE NAME}
 * whose {@code FILE.meta} says {@code "memory":"incoming"} opens the existing VM (its memory allocated,
 * being written by the migration target), maps memory and dirty bitmap without touching them, warms up
 * its state code ({@link org.bhyvirt.emulator.run.StateWarmup}) and serves its control socket with no
 * guest yet: {@code status} answers {@code "incoming":true, "paused":true}; {@code restore-state FILE}
 * (checked against memory size, vCPUs and this command line's devices) builds the guest from the VM's
 * memory and FILE.kern, still paused; the first {@code resume} starts its vCPUs and clock. Commands that
 * need a guest are refused until then; the exit commands and SIGTERM end the waiting bhyve as usual. A
 * real bhyve would need a patch for this mode (docs/vmm.md says which).
 */
package org.bhyvirt.emulator.run;
