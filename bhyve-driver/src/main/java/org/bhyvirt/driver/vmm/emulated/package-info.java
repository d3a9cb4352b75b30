/**
 * The {@link org.bhyvirt.driver.vmm.Vmm} of the bhyve emulator, written against the emulator's
 * documented formats only (as a client of a kernel ABI; nothing here imports the emulator):
 * {@code $BHYVIRT_EMU_DIR/vmm/NAME/mem} (guest memory, lowmem then highmem, mapped shared),
 * {@code .../dirty} (one bit per page, little-endian 64-bit words) and the control socket
 * {@code .../ctl.sock} (one request line {@code BHYVIRT-CTL/1 COMMAND[ ARGUMENT]}, one JSON answer line).
 *
 * <h2>Memory ordering of the dirty bitmap</h2>
 * The guest's vCPU threads complete a page write, then set the page's bit with an atomic 64-bit OR
 * ({@code getAndBitwiseOr} on the shared mapping). {@link org.bhyvirt.driver.vmm.emulated.DirtyLog}
 * collects with an atomic exchange of each non-zero word with 0 ({@code getAndSet}); both are
 * full-fence read-modify-writes on the same aligned word of the same shared page, so every OR lands either
 * before the exchange (and is collected) or after it (and stays set for the next collection). A word read
 * as zero is not exchanged, so a bit set after that read is simply left for the next collection.
 *
 * <h2>Control commands used</h2>
 * {@code status} (fields {@code paused}, {@code vcpus}), {@code pause}, {@code resume},
 * {@code throttle PERCENT}, {@code save-state FILE} / {@code restore-state FILE} (FILE.kern, FILE.meta;
 * staged in a private temporary directory and removed afterwards).
 *
 * <h2>Incoming VMs</h2>
 * {@link org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider#createIncoming} does what {@code bhyveload}
 * does to the emulated vmm(4): creates the VM directory, a sparse zero memory file and a clear dirty
 * bitmap. {@link org.bhyvirt.driver.vmm.Vmm#stageResume} writes {@code FILE.kern} (the received blob)
 * and {@code FILE.meta} with {@code "memory":"in-place"}; {@code bhyve ... -r FILE NAME} then continues
 * the guest from the VM's memory.
 */
package org.bhyvirt.driver.vmm.emulated;
