/**
 * A running bhyve process: opening the VM, booting or restoring the guest, serving control commands, and ending with bhyve's exit statuses.
 */
package org.bhyvirt.emulator.run;
