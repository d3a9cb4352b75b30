/**
 * Errors of the bhyve driver: libvirt's error numbers and domains, and the single exception
 * type that crosses the module boundary carrying them.
 */
package org.bhyvirt.driver.error;
