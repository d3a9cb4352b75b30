/**
 * The product orchestrator: one domain's migration between two hosts' domain drivers, in libvirt
 * v3's phases, as the REST API and libvirt's migrate calls will run it.
 *
 * <pre>
 *  source host                                   destination host
 *  -----------                                   ----------------
 *  BEGIN    driver.begin (job MIGRATION_OUT)
 *           SourceMigration.begin (offer)  ---->  PREPARE  ManagedDestination.prepare
 *                                                          incoming VM, incoming checkpoint,
 *                                                          driver.prepareIncoming: bhyve -r waits,
 *                                                          PAUSED(MIGRATION) + STARTED migrated
 *  PERFORM  rounds ...  ------ TCP stream ----->           pages into the VM's memory
 *           pause: PAUSED(MIGRATION) + SUSPENDED migrated
 *           final round, state, COMPLETE  ----->           state into the waiting bhyve, ACK
 *                                                 FINISH   resume: RUNNING(MIGRATED) + RESUMED migrated
 *  CONFIRM  SHUTOFF(MIGRATED) + STOPPED migrated
 *
 *  failure before FINISH succeeded: destination SHUTOFF(FAILED) + STOPPED failed (a transient domain
 *  forgotten, a persistent definition untouched); source RUNNING(MIGRATION_CANCELED) + RESUMED
 *  migrated if it was paused, else running as before; its job ends.
 * </pre>
 *
 * <p>{@link org.bhyvirt.migration.managed.ManagedMigration} runs the source's half against a
 * {@link org.bhyvirt.migration.managed.DestinationHost}: the destination's half in the same JVM
 * ({@link org.bhyvirt.migration.managed.ManagedDestination}) or another host's plugin reached over its
 * peer API (the plugin's RemoteDestination), whose prepare answers a
 * {@link org.bhyvirt.migration.managed.PreparedIncoming} to finish or cancel. No container or broker
 * types here.
 */
package org.bhyvirt.migration.managed;
