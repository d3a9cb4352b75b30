/**
 * Events for the cloud's scheduler: the Kafka/CloudEvents adapter of the driver's lifecycle
 * events and of migration progress (issue 5). Only this module imports Kafka.
 */
package org.bhyvirt.events;
