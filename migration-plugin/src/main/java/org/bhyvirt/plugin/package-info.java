/**
 * The Jakarta EE face of bhyvirt: CDI wiring of the domain driver and the migration engine,
 * MicroProfile configuration, health and metrics, and the REST API. Everything below this
 * package may use the driver and the engine; neither of them ever sees it.
 */
package org.bhyvirt.plugin;
