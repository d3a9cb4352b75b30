/**
 * The events as CloudEvents 1.0 in structured JSON mode: {@link org.bhyvirt.events.cloud.CloudEventCodec}
 * writes and reads them, with a versioned {@code dataschema} per topic (the JSON Schemas in
 * docs/events/, also on the class path under {@code events/}).
 */
package org.bhyvirt.events.cloud;
