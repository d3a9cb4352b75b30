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
 * exits 0). {@code status} also answers {@code paused} and {@code throttlePercent}.
 * {@code migrate HOST,PORT} and {@code migrate-live HOST,PORT} (codes 40, 41: answer host, port,
 * live once the request is accepted; the migration then runs in the background, see
 * {@link org.bhyvirt.emulator.migration}).
 *
 * <h2>Control commands for a migration's Vmm (codes 10..15)</h2>
 * <ul>
 * <li>{@code pause} (10), {@code resume} (11): stop / restart every vCPU and the guest clock; idempotent
 *     (a second pause does nothing; checkpoints and self-checks nest inside a pause). Answer {@code paused}.
 *     Once {@code pause} has answered, no guest write happens until {@code resume}.</li>
 * <li>{@code throttle PERCENT} (12): every vCPU sleeps PERCENT (0..99) of its time, as QEMU's auto-converge;
 *     its write budget does not grow while it sleeps, so the guest writes about (100 - PERCENT)% as fast.
 *     Answer {@code throttlePercent}.</li>
 * <li>{@code save-state FILE} (13): only while paused; writes {@code FILE.kern} (vCPU and device state) and
 *     {@code FILE.meta} with {@code "memory":"in-place"}, no memory file. Answer {@code file},
 *     {@code kernSize}.</li>
 * <li>{@code restore-state FILE} (14): only while paused; {@code FILE.meta} must match the guest's memory
 *     size, vCPUs and devices ("does not fit" otherwise) and {@code FILE.kern} its workload ("another
 *     workload"); the vCPUs continue from that state at {@code resume}. Answer {@code file},
 *     {@code pagesWritten}.</li>
 * <li>{@code debug-drop-dirty N} (15), a test hook: the next N data-page writes leave their dirty bit clear
 *     (their generation-table entry is still updated), so a dirty-driven copy misses them and a self-check of
 *     the copy reports them stale. Refused unless bhyve runs with {@code BHYVIRT_EMU_TEST_HOOKS=1} in its
 *     environment. Answer {@code dropping}.</li>
 * </ul>
 * The dirty bitmap needs no command: a migration side maps {@code dirty} and collects with an atomic
 * exchange of each 64-bit word with zero; the guest sets bits with an atomic OR after each page write
 * completes, so every write is either collected or still marked.
 *
 * <h2>Incoming VMs</h2>
 * A migration target creates the VM as {@code bhyveload} does (directory, sparse {@code mem} of
 * {@code memsize} bytes, clear {@code dirty}), writes the received pages into {@code mem}, writes
 * {@code FILE.kern} (the received state) and {@code FILE.meta} with {@code "memory":"in-place"}, then starts
 * {@code bhyve ... -r FILE NAME}: with memory in place, the restore uses the VM's memory as it is (it must
 * exist with {@code memsize} bytes) instead of copying {@code FILE}, and the guest continues (same boot id,
 * uptime, vCPU state). On FreeBSD the same shape is {@code vm_create} + {@code vm_setup_memory}, memory
 * written through {@code /dev/vmm/NAME}, then a bhyve restore that skips loading memory (upstream
 * {@code bhyve -r} always reads {@code FILE} into guest memory, see docs/vmm.md).
 *
 * <h2>Migration</h2>
 * {@code bhyve ... -R HOST[,PORT] NAME} receives its guest from a source bhyve instead of booting, speaking
 * the UPB patch's wire protocol (see {@link org.bhyvirt.emulator.migration}); {@code bhyvectl --vm=NAME
 * --migrate=HOST[,PORT]} or {@code --migrate-live=...} starts the source side and returns at once.
 *
 * <h2>Checkpoint files</h2>
 * {@code FILE}: raw guest memory, lowmem then highmem ({@code memsize} bytes, sparse; absent when
 * {@code FILE.meta} says {@code "memory":"in-place"}). {@code FILE.kern}:
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
