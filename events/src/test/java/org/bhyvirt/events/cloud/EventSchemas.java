package org.bhyvirt.events.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The published JSON Schemas (docs/events, on the class path), as a validator of encoded events. */
public final class EventSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventSchemas LIFECYCLE = load(CloudEventCodec.LIFECYCLE_SCHEMA_RESOURCE);
    private static final EventSchemas MIGRATION = load(CloudEventCodec.MIGRATION_SCHEMA_RESOURCE);

    private final JsonSchema schema;

    private EventSchemas(JsonSchema schema) {
        this.schema = schema;
    }

    public static EventSchemas lifecycle() {
        return LIFECYCLE;
    }

    public static EventSchemas migration() {
        return MIGRATION;
    }

    private static EventSchemas load(String resource) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the class path");
            }
            return new EventSchemas(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code json} by this schema; empty when it is valid. */
    public Set<String> problems(byte[] json) {
        try {
            return schema.validate(JSON.readTree(json)).stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }
}
