/**
 * The Kafka adapter: {@link org.bhyvirt.events.kafka.KafkaEventSink} (an idempotent producer behind a
 * bounded buffer, so a missing broker never blocks a lifecycle call or a migration) and
 * {@link org.bhyvirt.events.kafka.EmbeddedKafkaBroker} (a real single-node KRaft broker from Maven
 * Central's jars, as a child process, for the demo and the tests).
 */
package org.bhyvirt.events.kafka;
