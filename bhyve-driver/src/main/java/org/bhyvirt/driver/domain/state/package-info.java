/**
 * libvirt's domain states and per-state reasons with libvirt's numbers ({@code virDomainState},
 * {@code virDomain*Reason}). Pure vocabulary: depends on nothing.
 */
package org.bhyvirt.driver.domain.state;
