/**
 * The emulated guest: its workload (from the boot disk header), self-verifying memory (header page, generation table, stamped pages), vCPU threads, uptime and self-check.
 */
package org.bhyvirt.emulator.guest;
