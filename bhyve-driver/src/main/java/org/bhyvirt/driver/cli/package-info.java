/**
 * Command-line entry points of the bhyve driver: the libvirt conformance runner
 * ({@link org.bhyvirt.driver.cli.ConformanceCommand}) and {@code domxml-to-native}
 * ({@link org.bhyvirt.driver.cli.DomxmlToNativeCommand}).
 */
package org.bhyvirt.driver.cli;
