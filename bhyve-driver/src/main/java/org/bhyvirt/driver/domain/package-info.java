/**
 * The domain driver of one bhyve host ({@link org.bhyvirt.driver.domain.DomainDriver}): libvirt's
 * domain API (define, create, undefine, list, lookup, start, shutdown, reboot, destroy, suspend,
 * resume, save, restore, managed save, info, state, XML, autostart, metadata) over the host
 * boundary, with per-domain locking, a registry that keeps names and UUIDs unique, the exit
 * watcher that maps bhyve's exit to the lifecycle, and re-adoption of running guests at start.
 * Sub-packages: {@code state} (libvirt's states and reasons), {@code lifecycle} (the state machine
 * as data), {@code store} (the state directory), {@code flags} (libvirt's flag words), {@code def}
 * (the domain definition, owned by the XML helper).
 */
package org.bhyvirt.driver.domain;
