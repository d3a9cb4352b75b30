package org.bhyvirt.cli.rest;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pure translations between the REST contract's JSON documents and this client's records. Reading
 * is lenient where the contract allows absence (a missing number is 0, a missing string empty, a
 * missing progress {@link MigrationProgress#NONE}) and strict about types: a field of the wrong JSON
 * type fails with {@link IllegalArgumentException} naming it.
 */
public final class JsonMapping {

    private JsonMapping() {
    }

    /** Parses a JSON object; fails with {@link IllegalArgumentException} when the text is not one. */
    public static JsonObject object(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonStructure s = reader.read();
            if (!(s instanceof JsonObject o)) {
                throw new IllegalArgumentException("expected a JSON object, got " + abbreviate(json));
            }
            return o;
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(json) + " (" + e.getMessage() + ")", e);
        }
    }

    public static DomainSummary domainSummary(JsonObject o) {
        return new DomainSummary(str(o, "name"), str(o, "uuid"), (int) num(o, "id", -1), str(o, "state"),
                str(o, "reason"), bool(o, "persistent"), (int) num(o, "vcpus", 0), num(o, "memoryKiB", 0),
                num(o, "maxMemoryKiB", 0));
    }

    public static Migration migration(JsonObject o) {
        MigrationProgress progress = obj(o, "progress").map(JsonMapping::progress).orElse(MigrationProgress.NONE);
        return new Migration(str(o, "id"), str(o, "domain"), str(o, "source"), str(o, "destination"), str(o, "kind"),
                str(o, "phase"), str(o, "status"), progress, obj(o, "result").map(JsonMapping::result),
                obj(o, "error").map(JsonMapping::error));
    }

    public static MigrationProgress progress(JsonObject o) {
        return new MigrationProgress(num(o, "round", 0), num(o, "transferredBytes", 0), num(o, "remainingBytes", 0),
                num(o, "totalBytes", 0), num(o, "dirtyRateBytesPerSecond", 0), num(o, "bandwidthBytesPerSecond", 0),
                num(o, "elapsedMs", 0));
    }

    /**
     * The result; the downtime breakdown is the first nested object whose members are all numbers
     * (the contract names it only as "downtime breakdown"), its members in the host's order.
     */
    public static MigrationResult result(JsonObject o) {
        Map<String, Double> breakdown = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (e.getValue() instanceof JsonObject nested && !nested.isEmpty()
                    && nested.values().stream().allMatch(v -> v instanceof JsonNumber)) {
                nested.forEach((k, v) -> breakdown.put(k, ((JsonNumber) v).doubleValue()));
                break;
            }
        }
        return new MigrationResult(num(o, "totalMs", 0), decimal(o, "downtimeMs"), breakdown, num(o, "bytes", 0),
                num(o, "rounds", 0));
    }

    public static MigrationError error(JsonObject o) {
        return new MigrationError((int) num(o, "libvirtError", 0), str(o, "libvirtErrorName"), str(o, "message"),
                str(o, "phase"));
    }

    /** A problem document; {@code status} is the HTTP status when the document does not say. */
    public static Problem problem(JsonObject o, int status) {
        return new Problem(str(o, "type"), str(o, "title"), (int) num(o, "status", status), str(o, "detail"),
                (int) num(o, "libvirtError", 0), str(o, "libvirtErrorName"));
    }

    /** The request body; options left {@code null} are left out. */
    public static JsonObject migrationRequest(MigrationRequest r) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("domain", r.domain())
                .add("destination", r.destination())
                .add("kind", r.kind());
        if (r.downtimeLimitMs() != null) {
            b.add("downtimeLimitMs", r.downtimeLimitMs());
        }
        if (r.bandwidthMiBs() != null) {
            b.add("bandwidthMiBs", r.bandwidthMiBs());
        }
        if (r.channels() != null) {
            b.add("channels", r.channels());
        }
        if (r.timeoutSeconds() != null) {
            b.add("timeoutSeconds", r.timeoutSeconds());
        }
        if (r.autoConverge() != null) {
            b.add("autoConverge", r.autoConverge());
        }
        return b.build();
    }

    static String str(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        throw new IllegalArgumentException("field '" + key + "' is not a string: " + v);
    }

    static long num(JsonObject o, String key, long absent) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return absent;
        }
        if (v instanceof JsonNumber n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("field '" + key + "' is not a number: " + v);
    }

    static double decimal(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return 0;
        }
        if (v instanceof JsonNumber n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("field '" + key + "' is not a number: " + v);
    }

    static boolean bool(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return false;
        }
        return switch (v.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            case STRING -> Boolean.parseBoolean(((JsonString) v).getString());
            default -> throw new IllegalArgumentException("field '" + key + "' is not a boolean: " + v);
        };
    }

    static Optional<JsonObject> obj(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (v instanceof JsonObject nested) {
            return Optional.of(nested);
        }
        throw new IllegalArgumentException("field '" + key + "' is not an object: " + v);
    }

    private static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
