/**
 * Lifecycle events as libvirt defines them (event types and details with libvirt's numbers), the
 * {@link org.bhyvirt.driver.event.EventPublisher} port the driver announces them through, and a
 * logging publisher used when nothing else is configured.
 */
package org.bhyvirt.driver.event;
