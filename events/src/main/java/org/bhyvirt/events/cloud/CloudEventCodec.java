package org.bhyvirt.events.cloud;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;

import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.events.MigrationEvent;

/**
 * Writes events as CloudEvents 1.0 in structured JSON mode and reads them back. Every event gets a
 * fresh random {@code id}, the host's {@code source}, its {@code type}
 * ({@code org.bhyvirt.domain.lifecycle}, {@code org.bhyvirt.migration.<kind>}), the domain's name as
 * {@code subject}, the event's {@code time} (RFC 3339, UTC), {@code datacontenttype}
 * application/json and the versioned {@code dataschema} of its topic. Lifecycle data carries
 * libvirt's names and numbers for the event, its detail, and the state and reason after it.
 * Pure; thread-safe.
 */
public final class CloudEventCodec {

    /** The CloudEvent type of every lifecycle event. */
    public static final String LIFECYCLE_TYPE = "org.bhyvirt.domain.lifecycle";
    /** The schema of lifecycle events' data (and envelope). */
    public static final URI LIFECYCLE_SCHEMA = URI.create("https://bhyvirt.org/schemas/events/domain-lifecycle/v1.json");
    /** The schema of migration events' data (and envelope). */
    public static final URI MIGRATION_SCHEMA = URI.create("https://bhyvirt.org/schemas/events/migration/v1.json");
    /** The class-path resource of each schema. */
    public static final String LIFECYCLE_SCHEMA_RESOURCE = "events/domain-lifecycle.v1.schema.json";
    public static final String MIGRATION_SCHEMA_RESOURCE = "events/migration.v1.schema.json";

    private final URI source;
    private final Supplier<UUID> ids;

    /** A codec for events from {@code source} (the host, e.g. {@code urn:bhyvirt:host:a}). */
    public CloudEventCodec(URI source) {
        this(source, UUID::randomUUID);
    }

    CloudEventCodec(URI source, Supplier<UUID> ids) {
        this.source = Objects.requireNonNull(source, "source");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The structured-mode JSON of {@code e}. */
    public byte[] encode(LifecycleEvent e) {
        JsonObjectBuilder data = Json.createObjectBuilder()
                .add("host", e.host())
                .add("domainName", e.domainName())
                .add("domainUuid", e.domainUuid().toString())
                .add("event", lower(e.type().name()))
                .add("eventCode", e.type().code())
                .add("detail", lower(e.detail().name()))
                .add("detailCode", e.detail().code())
                .add("state", lower(e.statusAfter().state().name()))
                .add("stateCode", e.statusAfter().state().code())
                .add("reason", lower(e.statusAfter().reason().name()))
                .add("reasonCode", e.statusAfter().reason().code());
        return envelope(LIFECYCLE_TYPE, e.domainName(), e.timestamp(), LIFECYCLE_SCHEMA, data);
    }

    /** The structured-mode JSON of {@code e}. */
    public byte[] encode(MigrationEvent e) {
        JsonObjectBuilder data = Json.createObjectBuilder()
                .add("host", e.host())
                .add("migrationId", e.migrationId())
                .add("domainName", e.domainName())
                .add("domainUuid", e.domainUuid().toString())
                .add("event", lower(e.type().name()))
                .add("source", e.source())
                .add("destination", e.destination())
                .add("kind", e.kind());
        if (e.options() != null) {
            MigrationEvent.Options o = e.options();
            data.add("options", Json.createObjectBuilder().add("downtimeLimitMs", o.downtimeLimitMs())
                    .add("bandwidthMiBs", o.bandwidthMiBs()).add("channels", o.channels())
                    .add("timeoutSeconds", o.timeoutSeconds()).add("autoConverge", o.autoConverge()));
        }
        if (e.progress() != null) {
            MigrationEvent.Progress p = e.progress();
            data.add("progress", Json.createObjectBuilder().add("round", p.round())
                    .add("transferredBytes", p.transferredBytes()).add("remainingBytes", p.remainingBytes())
                    .add("totalBytes", p.totalBytes()).add("dirtyRateBytesPerSecond", p.dirtyRateBytesPerSecond())
                    .add("bandwidthBytesPerSecond", p.bandwidthBytesPerSecond()).add("elapsedMs", p.elapsedMs()));
        }
        if (e.result() != null) {
            MigrationEvent.Result r = e.result();
            data.add("result", Json.createObjectBuilder().add("totalMs", r.totalMs()).add("downtimeMs", r.downtimeMs())
                    .add("downtime", Json.createObjectBuilder().add("finalRoundMs", r.finalRoundMs())
                            .add("stateTransferMs", r.stateTransferMs()).add("restoreMs", r.restoreMs())
                            .add("resumeMs", r.resumeMs()).add("otherMs", r.otherMs()))
                    .add("bytes", r.bytes()).add("rounds", r.rounds()));
        }
        if (e.failure() != null) {
            MigrationEvent.Failure f = e.failure();
            data.add("failure", Json.createObjectBuilder().add("phase", f.phase()).add("reason", f.reason())
                    .add("libvirtError", f.libvirtError()));
        }
        return envelope(e.type().cloudEventType(), e.domainName(), e.timestamp(), MIGRATION_SCHEMA, data);
    }

    private byte[] envelope(String type, String subject, Instant time, URI schema, JsonObjectBuilder data) {
        JsonObject event = Json.createObjectBuilder()
                .add("specversion", "1.0")
                .add("id", ids.get().toString())
                .add("source", source.toString())
                .add("type", type)
                .add("subject", subject)
                .add("time", DateTimeFormatter.ISO_INSTANT.format(time))
                .add("datacontenttype", "application/json")
                .add("dataschema", schema.toString())
                .add("data", data)
                .build();
        StringWriter out = new StringWriter();
        try (JsonWriter w = Json.createWriter(out)) {
            w.writeObject(event);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a structured-mode CloudEvent; IllegalArgumentException when it is not one. */
    public static ReceivedEvent decode(byte[] json) {
        JsonObject o;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(json))) {
            o = r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        try {
            if (!"1.0".equals(o.getString("specversion"))) {
                throw new IllegalArgumentException("not a CloudEvent 1.0: specversion " + o.get("specversion"));
            }
            return new ReceivedEvent(o.getString("id"), URI.create(o.getString("source")), o.getString("type"),
                    o.getString("subject", null), Instant.parse(o.getString("time")),
                    URI.create(o.getString("dataschema")), o.getJsonObject("data"));
        } catch (NullPointerException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a bhyvirt CloudEvent: " + e.getMessage(), e);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
