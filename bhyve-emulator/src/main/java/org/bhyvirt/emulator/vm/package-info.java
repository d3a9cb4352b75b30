/**
 * The emulated vmm(4): where a VM's files live, the guest memory layout (lowmem at GPA 0, highmem at GPA 4 GiB), shared memory-mapped files and the dirty bitmap.
 */
package org.bhyvirt.emulator.vm;
