/**
 * The emulator's side of the UPB migration patch (reference bhyve-snapshot-and-migration.md §2): a
 * destination {@code bhyve ... -R host[,port]} that waits for exactly one migration connection, and a
 * source bhyve that, asked by {@code bhyvectl --migrate=host[,port]} (warm) or {@code --migrate-live=...}
 * (live) over its control socket, speaks the patch's wire protocol to it.
 *
 * <h2>Wire protocol (one TCP connection, source = client; raw little-endian structs, no framing)</h2>
 * <pre>
 *  #  dir   bytes               content
 *  1  S->D  80                  header {size_t len=520, uint type=1 SPECS, uint req_type=0, char name[64]}
 *  2  S->D  520                 specs {char hw_machine[256], char hw_model[256], size_t hw_pagesize}
 *  3  D->S  8                   size_t 0 = specs OK, 1 = mismatch (both sides abort)
 *  4  S->D  4                   int migration type: 0 warm, 1 live
 *  warm:
 *  5w S->D  8 + 8               size_t lowmem, size_t highmem (the source guest is paused from here)
 *  6w D->S  4                   int 0 = sizes equal; otherwise both abort
 *  7w S->D  lowmem + highmem    raw memory, lowmem then highmem
 *  live:
 *  5l S->D  1                   uint8 rounds = 4
 *  6l S->D  (rounds + 1) x      page list: one byte per page (lowmem pages, then highmem pages),
 *           (pages + 4096 k)    1 = sent; then 4096 bytes per marked page in ascending order.
 *                               Round 0 marks every page; round i marks the pages dirtied since their
 *                               last copy; the final round runs with the guest paused.
 *  8  S->D  10 x (80 + len)     kernel structs {type=4, req_type} in the table order vhpet(5), vm(2),
 *                               vmx(0), vioapic(1), vlapic(3), vmcx(6), vatpit(8), vatpic(7), vpmtmr(9),
 *                               vrtc(10)
 *  9  S->D  4                   int number of devices in the device table (11)
 * 10  S->D  11 x (80 + len)     device {type=5, name}; len 0 = unused, no payload
 * 11  D->S  8                   size_t 0 = migration completed
 * </pre>
 * After 11 the source destroys its VM and exits 0; the destination starts the guest's vCPUs. Any
 * failure before that leaves the source guest running (resumed if it was paused) and makes the
 * destination print {@code Failed to migrate the vm.} and exit 1.
 *
 * <h2>What the emulator puts in the blobs</h2>
 * The {@code vm} struct carries the emulator's kernel state ({@link org.bhyvirt.emulator.snapshot.KernelState}:
 * workload header, vCPU states, device list); the emulator models no state for the other nine structs,
 * whose blobs are empty. A device of the table that the command line uses carries its
 * {@code slot:func,emulation} entries (UTF-8, one per line); the destination refuses devices that differ
 * from its own command line.
 *
 * <h2>Where the emulator differs from the patch (deliberately)</h2>
 * <ul>
 * <li>The destination prints its "Waiting for connections" line once it listens (the patch prints it
 *     just before {@code bind}), so the line is a reliable readiness signal.</li>
 * <li>End of stream is a failure on both sides (the patch's receive loop takes it as success); the
 *     destination refuses a page-list byte other than 0 or 1, a header of the wrong type or struct,
 *     and lengths beyond bounds, so a live migration between different memory sizes (which
 *     desynchronises the stream) fails instead of restoring garbage.</li>
 * <li>Warm migration sends all of lowmem (the patch drops a tail that is not a multiple of 4 MiB).</li>
 * <li>Rounds 1-3 copy without pausing the vCPUs: the emulator's dirty bits are atomic per page, the
 *     bit is cleared before the copy, and a write during the copy sets it again for the next round.</li>
 * <li>The request is refused at once (bhyvectl exits 1) for a live migration of a guest without wired
 *     memory ({@code -S}), for a malformed host, and while another migration runs.</li>
 * </ul>
 * Host specs: {@code hw.machine} "amd64", {@code hw.model} the CPU's model name, {@code hw.pagesize}
 * 4096; an emulated host overrides them with {@code NAME=VALUE} lines in {@code $BHYVIRT_EMU_DIR/sysctl}.
 */
package org.bhyvirt.emulator.migration;
