/**
 * The {@link org.bhyvirt.driver.vmm.Vmm} port: what the migration engine needs from a VM's
 * hypervisor side, and nothing of how a host provides it. One implementation per host kind:
 * {@code emulated} (the bhyve emulator's shared memory, dirty-bitmap files and control socket) and
 * {@code freebsd} (JNA to {@code /dev/vmm/NAME} and the ioctls of libvmmapi and the migration patch).
 *
 * <h2>Page indices</h2>
 * Guest memory is one or two segments ({@link org.bhyvirt.driver.vmm.MemoryLayout}): lowmem from GPA 0
 * up to {@code min(memsize, 3 GiB)} and, for larger guests, highmem from GPA 4 GiB holding the rest. Pages
 * (4 KiB) are numbered densely: lowmem pages first ({@code 0 .. lowmemPages-1}), then highmem pages, so page
 * {@code p} of a highmem segment is at GPA {@code 4 GiB + (p - lowmemPages) * 4096}. The emulator's memory
 * file, the bhyve checkpoint file and the UPB patch's {@code VM_GET_DIRTY_PAGE_LIST} all use this order.
 *
 * <h2>The dirty-page rule (why pre-copy never loses a write)</h2>
 * A page's dirty bit is set <em>after</em> a guest write to it completes; {@link
 * org.bhyvirt.driver.vmm.Vmm#collectAndClearDirty()} clears each bit atomically <em>before</em> the caller
 * copies the page. So a write either completed before the clear (the copy that follows sees it) or sets
 * the bit again (the next round copies the page again). After {@link org.bhyvirt.driver.vmm.Vmm#pause()}
 * no write happens, and a final collect-and-copy makes the copy exact.
 *
 * <h2>Incoming VMs</h2>
 * {@link org.bhyvirt.driver.vmm.VmmProvider#createIncoming} creates a VM with its memory allocated and no
 * guest running; the target writes the received pages through {@link org.bhyvirt.driver.vmm.GuestMemory},
 * then {@link org.bhyvirt.driver.vmm.Vmm#stageResume} writes the received vCPU and device state where
 * bhyve's restore ({@code bhyve ... -r FILE NAME}) reads it, marked "memory in place": bhyve continues the
 * guest from the memory already in the VM instead of loading memory from a file.
 */
package org.bhyvirt.driver.vmm;
