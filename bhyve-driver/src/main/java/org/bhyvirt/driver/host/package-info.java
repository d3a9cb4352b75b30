/**
 * The host boundary: the configured bhyve programs ({@link org.bhyvirt.driver.host.BhyveHost}),
 * the supervisor that keeps a guest alive across driver restarts and records its exit
 * ({@link org.bhyvirt.driver.host.GuestSupervisor}), taps ({@link org.bhyvirt.driver.host.HostNetwork}),
 * node information and crash-safe file writes. Knows nothing about domain XML or lifecycle states.
 */
package org.bhyvirt.driver.host;
