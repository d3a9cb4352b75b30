/**
 * The driver's persistent state in the host's state directory: definitions, runtime status,
 * autostart flags and managed save images, all written atomically, with names checked before they
 * become paths. Loading reports corrupted definitions instead of failing.
 */
package org.bhyvirt.driver.domain.store;
