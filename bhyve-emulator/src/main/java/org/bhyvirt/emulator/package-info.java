/**
 * The bhyve emulator: stands in for FreeBSD's {@code bhyve}, {@code bhyvectl}, {@code bhyveload},
 * {@code grub-bhyve} and {@code ifconfig} (launchers in {@code bhyve-emulator/bin/}, plus the emulator's own
 * tool {@code bhyve-emu}) so the driver runs real processes with
 * real argv on machines without bhyve. Nothing in product code imports it.
 *
 * <h2>Where a VM lives</h2>
 * {@code $BHYVIRT_EMU_DIR} (default {@code /dev/shm/bhyvirt-emu}; every emulator JVM gets it as
 * {@code -Dbhyvirt.emu.dir}) stands in for {@code /dev/vmm}. VM {@code NAME} exists while
 * {@code $BHYVIRT_EMU_DIR/vmm/NAME/} exists. It holds:
 * <ul>
 * <li>{@code mem}: guest memory, exactly {@code memsize} bytes, sparse (untouched pages cost nothing),
 *     mapped {@code MAP_SHARED} by the running bhyve in chunks of at most 1 GiB, so other processes can map
 *     it too. File offset 0 is GPA 0: lowmem ({@code min(memsize, 3 GiB)}) first, then highmem (the rest),
 *     which the guest sees at GPA 4 GiB. Page {@code p} (4 KiB) is at file offset {@code p * 4096}.</li>
 * <li>{@code dirty}: the dirty bitmap, one bit per page of {@code mem} in the same page order (lowmem then
 *     highmem): bit {@code p % 64} of the little-endian 64-bit word at offset {@code (p / 64) * 8};
 *     the file is {@code ceil(pages / 64) * 8} bytes. The guest sets a page's bit (atomic OR) after its
 *     write to that page completes; a migration side clears the bit (atomic AND) before it copies the page.</li>
 * <li>{@code bhyve.lock} (held with an exclusive {@code FileChannel} lock by the running bhyve; a second
 *     bhyve for the VM is refused), {@code bhyve.pid} and {@code ctl.sock} (the control socket) while a
 *     bhyve runs.</li>
 * </ul>
 * {@code bhyveload}/{@code grub-bhyve} create the VM and its memory; {@code bhyve} opens it (and creates it
 * only when booting from a ROM, {@code -l bootrom,...}, as bhyve's {@code do_open} does; otherwise "virtual
 * machine cannot be booted", exit 4). A boot starts from zeroed memory. The VM outlives its bhyve (as a
 * vmm(4) instance does) until {@code bhyvectl --vm=NAME --destroy} removes the directory.
 *
 * <h2>Guest memory contents (layout version 1; all numbers little-endian)</h2>
 * <ul>
 * <li>Page 0, the header: {@code 0} magic {@code "BHYVGST1"}; {@code 8} int layout version; {@code 12} int
 *     vCPUs; {@code 16} long memsize; {@code 24} boot id (UUID, most then least significant long);
 *     {@code 40} long uptime in ms of running time (a SIGSTOP adds at most 0.5 s); {@code 48} long first
 *     page of the generation table (1); {@code 56} long its page count; {@code 64} long first data page.</li>
 * <li>The generation table: one 32-bit entry per page of memory (indexed by page number). 0 = never
 *     written; otherwise bits 0..30 are the page's last generation and bit 31 says it was written as a
 *     zero page.</li>
 * <li>Data pages: {@code 0} long page number; {@code 8} long generation; {@code 16..4087} a fill derived
 *     from both; {@code 4088} long CRC32C of bytes 0..4087. The guest writes the page, sets its dirty bit,
 *     then updates the table entry (and sets the table page's dirty bit).</li>
 * </ul>
 * The self-check (control command {@code self-check}, vCPUs paused) looks at every page with a non-zero
 * entry: <em>stale</em> = a valid page of another generation, or zeros where data belongs, or data where
 * a zero page belongs; <em>corrupt</em> = wrong page number, bad checksum, garbage, or a bad header.
 *
 * <h2>The workload</h2>
 * From the boot disk (the first disk of the argv) header, see {@link org.bhyvirt.emulator.guest.GuestImageHeader}.
 * Data pages are split into the used region ({@code 1 - free - zero}), the zero region and the untouched
 * rest; at boot the vCPUs write every used page (generation 1) and every zero page, then rewrite the
 * working set (the first pages of the used region) at the write rate. vCPU {@code i} of {@code n} owns the
 * data pages whose index from the first data page is {@code i mod n}. A disk without a header idles:
 * its vCPUs block and the guest touches only its header page.
 *
 * <h2>Control protocol (version 1)</h2>
 * Unix domain stream socket {@code $BHYVIRT_EMU_DIR/vmm/NAME/ctl.sock}, one request per connection.
 * Request: one line of at most 4096 bytes of UTF-8, {@code BHYVIRT-CTL/1 COMMAND[ ARGUMENT]\n}. Answer: one
 * JSON object on one line, then the server closes the connection. Every answer has {@code "protocol":1} and
 * {@code "ok"}; failures add {@code "error"} (a message naming what failed). Commands (codes in
 * {@link org.bhyvirt.emulator.control.ControlCommand}): {@code status} (name, pid, running, bootId,
 * uptimeMs, vcpus, memoryBytes, lowmemBytes, highmemBytes, workload, acpi, pagesWritten, populated,
 * dirtyPages); {@code self-check} (checkedPages, stalePages, corruptPages, firstBadPage, healthy, millis);
 * {@code reboot}, {@code poweroff}, {@code halt}, {@code triple-fault}, {@code error} (answer
 * {@code exitStatus}, then bhyve exits 0, 1, 2, 3, 4); {@code checkpoint FILE} and {@code suspend FILE}
 * (absolute path; answer file, bootId, uptimeMs, suspended; a suspend then destroys the VM and bhyve
 * exits 0); {@code migrate HOST,PORT} and {@code migrate-live HOST,PORT} (codes 40, 41: answer host, port,
 * live once the request is accepted; the migration then runs in the background, see
 * {@link org.bhyvirt.emulator.migration}).
 *
 * <h2>Migration</h2>
 * {@code bhyve ... -R HOST[,PORT] NAME} receives its guest from a source bhyve instead of booting, speaking
 * the UPB patch's wire protocol (see {@link org.bhyvirt.emulator.migration}); {@code bhyvectl --vm=NAME
 * --migrate=HOST[,PORT]} or {@code --migrate-live=...} starts the source side and returns at once.
 *
 * <h2>Checkpoint files</h2>
 * {@code FILE}: raw guest memory, lowmem then highmem ({@code memsize} bytes, sparse). {@code FILE.kern}:
 * vCPU and device state, see {@link org.bhyvirt.emulator.snapshot.KernelState}. {@code FILE.meta}: JSON,
 * see {@link org.bhyvirt.emulator.snapshot.CheckpointMeta}. {@code bhyve ... -r FILE NAME} refuses (exit 4)
 * a checkpoint whose memory size, vCPU count or devices (slot and emulation) differ from its command line.
 *
 * <h2>Host network</h2>
 * {@code bin/ifconfig} keeps taps and bridges under {@code $BHYVIRT_EMU_DIR/net/} (see
 * {@link org.bhyvirt.emulator.net.HostInterfaces}): {@code ifconfig tap create} prints the new {@code tapN};
 * {@code addm}, {@code deletem}, {@code up}, {@code down}, {@code destroy} as on FreeBSD. bhyve refuses a
 * {@code virtio-net}/{@code e1000} device whose {@code tapN} does not exist there ("open of tap device
 * /dev/tapN failed", exit 4); {@code slirp} and other backends need no tap.
 *
 * <h2>Signals and exits</h2>
 * SIGTERM is the ACPI power button: the guest powers off and bhyve exits 1, unless its image says
 * {@code acpi=ignore}. SIGSTOP/SIGCONT pause the whole process. Exit statuses: 0 reboot, 1 power-off,
 * 2 halt, 3 triple fault, 4 error.
 */
package org.bhyvirt.emulator;
