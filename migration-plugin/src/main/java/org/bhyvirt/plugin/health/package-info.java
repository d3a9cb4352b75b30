/**
 * MicroProfile Health checks of the host: liveness (the plugin runs and its host did not fail to
 * start) and readiness (the driver serves, the state directory is writable, bhyve's programs are
 * present and executable). The checks' logic is {@link org.bhyvirt.plugin.health.HostChecks}, pure
 * functions of paths; a migration listener check belongs here too.
 */
package org.bhyvirt.plugin.health;
