package org.bhyvirt.driver.rpc.xdr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One libvirt typed parameter ({@code remote_typed_param}): a field name and a value of one of
 * libvirt's seven types, with their wire codes. Values are held as a long (the integer types and
 * booleans), a double or a string, checked against the type on construction.
 */
public record TypedParam(String field, Type type, long longValue, double doubleValue, String stringValue) {

    /** Longest field name libvirt accepts (VIR_TYPED_PARAM_FIELD_LENGTH). */
    public static final int FIELD_MAX = 80;

    /** libvirt's {@code virTypedParameterType}, with its wire codes. */
    public enum Type {
        INT(1), UINT(2), LLONG(3), ULLONG(4), DOUBLE(5), BOOLEAN(6), STRING(7);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new XdrException("typed parameter: unknown type " + code);
        }
    }

    public TypedParam {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        if ((type == Type.STRING) != (stringValue != null)) {
            throw new IllegalArgumentException("a " + type + " parameter " + (type == Type.STRING ? "needs" : "has no") + " a string");
        }
    }

    public static TypedParam ofInt(String field, int v) {
        return new TypedParam(field, Type.INT, v, 0, null);
    }

    public static TypedParam ofUInt(String field, long v) {
        return new TypedParam(field, Type.UINT, v, 0, null);
    }

    public static TypedParam ofLLong(String field, long v) {
        return new TypedParam(field, Type.LLONG, v, 0, null);
    }

    public static TypedParam ofULLong(String field, long v) {
        return new TypedParam(field, Type.ULLONG, v, 0, null);
    }

    public static TypedParam ofDouble(String field, double v) {
        return new TypedParam(field, Type.DOUBLE, 0, v, null);
    }

    public static TypedParam ofBoolean(String field, boolean v) {
        return new TypedParam(field, Type.BOOLEAN, v ? 1 : 0, 0, null);
    }

    public static TypedParam ofString(String field, String v) {
        return new TypedParam(field, Type.STRING, 0, 0, Objects.requireNonNull(v, "value"));
    }

    /** The value as text, for messages. */
    public String valueText() {
        return switch (type) {
            case STRING -> stringValue;
            case DOUBLE -> Double.toString(doubleValue);
            case BOOLEAN -> longValue != 0 ? "true" : "false";
            case UINT, ULLONG -> Long.toUnsignedString(longValue);
            default -> Long.toString(longValue);
        };
    }

    /** The first parameter named {@code field}. */
    public static Optional<TypedParam> find(List<TypedParam> params, String field) {
        return params.stream().filter(p -> p.field.equals(field)).findFirst();
    }

    public static void write(XdrEncoder e, TypedParam p) {
        e.writeString(p.field).writeInt(p.type.code());
        switch (p.type) {
            case INT, UINT, BOOLEAN -> e.writeInt((int) p.longValue);
            case LLONG, ULLONG -> e.writeHyper(p.longValue);
            case DOUBLE -> e.writeDouble(p.doubleValue);
            case STRING -> e.writeString(p.stringValue);
            default -> throw new IllegalStateException("unreachable: " + p.type);
        }
    }

    public static TypedParam read(XdrDecoder d) {
        String field = d.readString("typed parameter field", FIELD_MAX);
        Type type = Type.ofCode(d.readInt("typed parameter " + field + " type"));
        String what = "typed parameter " + field;
        return switch (type) {
            case INT -> ofInt(field, d.readInt(what));
            case UINT -> ofUInt(field, d.readUnsignedInt(what));
            case LLONG -> ofLLong(field, d.readHyper(what));
            case ULLONG -> ofULLong(field, d.readHyper(what));
            case DOUBLE -> ofDouble(field, d.readDouble(what));
            case BOOLEAN -> ofBoolean(field, d.readBool(what));
            case STRING -> ofString(field, d.readString(what, Limits.STRING_MAX));
        };
    }

    /** Minimum wire size of one parameter (empty field name, a 4-byte value). */
    public static final int MIN_WIRE_BYTES = 12;
}
