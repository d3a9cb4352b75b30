/**
 * The bhyvirt migration wire protocol (DESIGN §4), version 1: frames, their codec and the state
 * machine of which frame may come when. Plain Java; no engine logic lives here.
 *
 * <h2>Frames</h2>
 * Every frame is a fixed 8-byte big-endian header, {@code u16 code | u16 flags (0) | u32 length},
 * followed by {@code length} payload bytes. {@link org.bhyvirt.migration.protocol.FrameType} lists
 * the codes (0 reserved, never reused) and each code's payload bounds; a reader refuses a length
 * outside them before it allocates anything. A MEMORY payload is
 * {@code u32 round | u32 runs | runs × (u64 firstPage | u32 pages | u32 flags) | data}, where a run
 * flagged ZERO carries no data and every other run carries {@code pages × 4096} bytes, in run order.
 * Page indices are guest physical addresses divided by 4096, so highmem (at 4 GiB) keeps its
 * addresses and the 3–4 GiB hole is never sent.
 *
 * <h2>Control channel (channel 0; source connects)</h2>
 * <pre>
 *   source                                         destination (prepared, holds the token)
 *     | HELLO magic "BHVM", versions min..max, token ->|  AWAIT_HELLO
 *     |&lt;- HELLO_ACK version                            |  (or ABORT AUTH_FAILED / OPERATION_UNSUPPORTED)
 *     | COMPATIBILITY pagesize, vCPUs, segments,     ->|  AWAIT_COMPATIBILITY
 *     |               CPU model, devices               |
 *     |&lt;- COMPATIBLE                                   |  (or ABORT CPU_INCOMPATIBLE / CONFIG_UNSUPPORTED)
 *     |                                                |  READY
 *     | ROUND_START r                                ->|  ROUND            r = 0, 1, 2 ... no gaps;
 *     | MEMORY r (runs of pages, zero runs flagged)  ->|  ROUND            round 0 = every page,
 *     | ROUND_END r + statistics                     ->|  READY            later = pages dirtied since copied
 *     |   ... more rounds while the policy says CONTINUE / THROTTLE ...
 *     | FINAL_ROUND_START r     (guest paused)       ->|  FINAL_ROUND
 *     | MEMORY r ...                                 ->|
 *     | ROUND_END r                                  ->|  STATE
 *     | DEVICE_STATE (vCPU, kernel, device) ...      ->|  STATE
 *     | COMPLETE rounds, pages, zero pages, state    ->|  AWAIT_ACK
 *     |&lt;- COMPLETE_ACK                                 |  COMPLETED (destination takes over)
 *
 *   ABORT code + reason may travel either way in any non-terminal state: ABORTED.
 *   Warm migration is a single FINAL round.
 * </pre>
 *
 * <h2>Cold migration (control channel only; {@code Conversation.sourceCheckpoint / destinationCheckpoint})</h2>
 * The guest keeps running through the handshake; the source then stops it into bhyve's checkpoint
 * files (FILE = memory, lowmem then highmem; FILE.kern; FILE.meta) and sends them whole, in that
 * order, as its one (final) round. A checkpoint stream refuses ROUND_START and FINAL_ROUND_START;
 * a memory-round stream refuses the CHECKPOINT frames.
 * <pre>
 *     | HELLO, COMPATIBILITY as above                  |  ... READY
 *     |              (the source's guest stops here)   |
 *     | CHECKPOINT_BEGIN memory, kern, meta sizes    ->|  CHECKPOINT   memory = the agreed layout's size;
 *     |                                                |               kern &lt;= 64 MiB, meta &lt;= 1 MiB
 *     | CHECKPOINT_DATA part, offset, length, data   ->|  CHECKPOINT   parts MEMORY, KERN, META in order,
 *     |   ... (chunks &lt;= 4 MiB; an all-zero memory     |               each chunk at the next offset;
 *     |        chunk carries the ZERO flag, no data)   |               memory chunks page-aligned
 *     | COMPLETE 1 round, data/zero pages, kern+meta ->|  AWAIT_ACK    (only once every file is whole)
 *     |&lt;- COMPLETE_ACK                                 |  COMPLETED    (the destination restores: bhyve -r)
 * </pre>
 * CHECKPOINT_BEGIN (code 16, 24 bytes): {@code u64 memoryBytes | u64 kernBytes | u64 metaBytes}.
 * CHECKPOINT_DATA (code 17, 16 bytes + at most 4 MiB):
 * {@code u8 part (0 memory, 1 kern, 2 meta) | u8 flags (1 = ZERO) | u16 0 | u32 length | u64 offset | data},
 * data present (exactly {@code length} bytes) unless ZERO; the reader checks the declared length
 * against the frame's before it allocates the chunk.
 *
 * <h2>Data channels (1 .. N-1; optional, opened after COMPATIBLE)</h2>
 * <pre>
 *     | CHANNEL_JOIN magic, version, index i of N, token ->|  AWAIT_JOIN
 *     |&lt;- HELLO_ACK version                                |  (or ABORT AUTH_FAILED)
 *     | MEMORY r ...                                     ->|  DATA
 *     | CHANNEL_SYNC r, frames, pages (end of round r)   ->|  DATA   (the destination applies round r+1
 *     |   ... per round ...                                |          only after every channel synced r)
 *     | CHANNEL_END                                      ->|  CLOSED
 * </pre>
 *
 * {@link org.bhyvirt.migration.protocol.ConversationState} holds these moves as data and
 * {@link org.bhyvirt.migration.protocol.Conversation} enforces them with the checks a table cannot
 * express (token, versions, round numbering, layout, counts).
 */
package org.bhyvirt.migration.protocol;
