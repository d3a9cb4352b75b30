/**
 * The REST API, {@code /api/v1}: domains and their actions ({@link org.bhyvirt.plugin.rest.DomainResource}),
 * the host ({@link org.bhyvirt.plugin.rest.HostResource}), JSON records (JSON-B), and errors as RFC 9457
 * problem documents carrying libvirt's error number ({@link org.bhyvirt.plugin.rest.Problems}). Resources
 * stay thin: the translations of driver results to records ({@link org.bhyvirt.plugin.rest.DomainViews})
 * and of errors to problems are pure functions.
 */
package org.bhyvirt.plugin.rest;
