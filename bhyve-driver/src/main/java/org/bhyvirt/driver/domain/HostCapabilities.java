package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.host.NodeInfo;

/**
 * What the host offers, probed once when the driver opens: node info (CPUs, memory) and the
 * features of its bhyve and grub-bhyve. Immutable.
 */
public record HostCapabilities(String hostName, NodeInfo node, BhyveCapabilities bhyve) {
}
