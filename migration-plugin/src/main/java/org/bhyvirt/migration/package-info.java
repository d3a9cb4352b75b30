/**
 * The migration engine (issue 3): plain Java, never Jakarta or Kafka. The Jakarta EE wiring of
 * the plugin (issue 4) lives beside it in its own packages.
 */
package org.bhyvirt.migration;
