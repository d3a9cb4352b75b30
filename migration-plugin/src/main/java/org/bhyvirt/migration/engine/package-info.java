/**
 * The managed migration engine: {@link org.bhyvirt.migration.engine.SourceMigration} and
 * {@link org.bhyvirt.migration.engine.TargetMigration}, split into libvirt v3's phases and usable
 * from plain Java.
 *
 * <pre>
 *   source host                                   destination host
 *   SourceMigration.begin(vmm, offer)  -- offer -->  TargetMigration.prepare(offer, provider, ...)
 *                                                     creates the incoming VM, listens, token
 *                                     &lt;- incoming --  incoming(): address + one-time token
 *   perform(incoming, listener)        == TCP ====>  receiver thread: handshake, compatibility,
 *     live: round 0 every page (zero pages flagged),    pages straight into the incoming memory,
 *     rounds of pages dirtied since their copy          state, COMPLETE: stage the resume, ACK
 *     (collect-and-clear before copying), the
 *     ConvergencePolicy after each round; switch-over:
 *     pause, final round, state, COMPLETE, await ACK
 *     warm: pause, one final round of every page
 *   (returns with the guest paused here)             finish(launcher, timeout): bhyve ... -r FILE NAME
 *   confirm(started, destroy)          &lt;- started --  (true once the guest runs there)
 *     true: destroy the source VM; false: resume here
 * </pre>
 *
 * Guarantees: the guest runs on at most one host at any moment (paused here from the final round
 * until confirm); any failure or {@code cancel()} before the destination starts the guest leaves
 * it running on the source and discards the destination's VM. Progress is a
 * {@link org.bhyvirt.migration.progress.MigrationProgress} after every round and at completion,
 * with the downtime split into final transfer, state transfer and resume.
 *
 * <p>Several TCP channels: data channels join with CHANNEL_JOIN after COMPATIBLE; pages are split
 * in 4 MiB chunks across channels, each data channel ends its share of a round with CHANNEL_SYNC,
 * and the destination applies round r+1 only after every channel finished round r
 * ({@link org.bhyvirt.migration.engine.RoundBarrier}). The domain driver takes part through
 * {@code DomainDriver.migration()} (begin, finishIncoming, confirmOutgoing), which the caller
 * passes in as the launcher and the destroy action.
 *
 * <p>Not here yet: cold migration (refused in begin; the driver's save/restore covers it), a
 * migration job in the driver (PAUSED(MIGRATION) during switch-over, RUNNING(MIGRATION_CANCELED)
 * after a failure), and cancelling while the source waits for COMPLETE_ACK.
 */
package org.bhyvirt.migration.engine;
