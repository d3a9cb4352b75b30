/**
 * The events' command-line side: {@link org.bhyvirt.cli.events.EventTail} prints the stream as a
 * scheduler reads it ({@code ./bhyvirt events tail}), {@link org.bhyvirt.cli.events.KafkaBrokerCommand}
 * starts the embedded broker for the demo and {@code ./bhyvirt kafka start}.
 */
package org.bhyvirt.cli.events;
