/**
 * Domain events to RPC clients: {@link org.bhyvirt.driver.rpc.event.RpcEventHub} is an {@link
 * org.bhyvirt.driver.event.EventPublisher} that turns each lifecycle event into the MESSAGE packet
 * of every matching callback a client registered (DOMAIN_EVENT_CALLBACK_LIFECYCLE, or the legacy
 * DOMAIN_EVENT_LIFECYCLE), without ever blocking the driver.
 */
package org.bhyvirt.driver.rpc.event;
