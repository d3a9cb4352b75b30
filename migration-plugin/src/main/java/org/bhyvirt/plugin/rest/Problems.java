package org.bhyvirt.plugin.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Errors translated to problem documents, as pure functions. A driver error keeps libvirt's number
 * and message; its HTTP status follows the REST contract: 404 when the domain does not exist, 409
 * when the domain's state forbids the call or the domain already exists, 400 for invalid input
 * (XML, arguments, configuration the host cannot run), 403 when forbidden, 501 when unsupported,
 * 500 for everything else (the host failed).
 */
public final class Problems {

    /** The URN prefix of every problem type. */
    public static final String TYPE_PREFIX = "urn:bhyvirt:problem:";

    private Problems() {
    }

    /**
     * libvirt's refusals of a definition whose name or UUID another domain holds (its
     * virDomainObjListAdd reports them as OPERATION_FAILED): a conflict, 409, not a host failure.
     */
    private static final Pattern NAME_OR_UUID_TAKEN = Pattern.compile(
            "domain '.*' (already exists|is already defined) with uuid \\S+");

    /** The HTTP status a libvirt error number is answered with. */
    public static int status(VirErrorNumber number) {
        return switch (number) {
            case NO_DOMAIN, NO_DOMAIN_METADATA -> 404;
            case OPERATION_INVALID, DOM_EXIST, RESOURCE_BUSY -> 409;
            case INVALID_ARG, XML_ERROR, XML_DETAIL, OS_TYPE, NO_SOURCE, NO_TARGET, NO_NAME, INVALID_MAC,
                    CONFIG_UNSUPPORTED, ARGUMENT_UNSUPPORTED -> 400;
            case OPERATION_DENIED -> 403;
            case NO_SUPPORT, OPERATION_UNSUPPORTED -> 501;
            default -> 500;
        };
    }

    /**
     * The problem a driver error is answered with: libvirt's number, name and whole message, with the
     * number's status, or 409 for a name or UUID another domain holds.
     */
    public static Problem of(BhyveDriverException e) {
        VirErrorNumber n = e.number();
        int status = n == VirErrorNumber.OPERATION_FAILED && NAME_OR_UUID_TAKEN.matcher(e.getMessage()).matches()
                ? 409 : status(n);
        return new Problem(TYPE_PREFIX + "libvirt:" + n.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                title(n), status, e.libvirtMessage(), n.code(), n.name(), null);
    }

    /** The problem of a host that cannot serve: 503 with the reason. */
    public static Problem hostNotReady(String reason) {
        return new Problem(TYPE_PREFIX + "host-not-ready", "Host not ready", 503, reason, null, null, null);
    }

    /** The problem of inputs that failed validation: 400 with each invalid input, sorted by field. */
    public static Problem invalidInput(List<Problem.Violation> violations) {
        List<Problem.Violation> sorted = violations.stream()
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        String detail = sorted.stream().map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid input");
        return new Problem(TYPE_PREFIX + "invalid-input", "Invalid input", 400, detail, null, null, sorted);
    }

    /** The problem of a request body that is not the JSON the call takes. */
    public static Problem malformedJson(String detail) {
        return new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400, detail, null, null, null);
    }

    /** The problem of a call that takes a body and got none. */
    public static Problem missingBody() {
        return new Problem(TYPE_PREFIX + "missing-body", "Missing body", 400,
                "this call takes a request body and the request has none", null, null, null);
    }

    /** The problem of a failure the container reported with a status of its own (unknown path, wrong method, ...). */
    public static Problem http(int status, String reason, String detail) {
        return new Problem(TYPE_PREFIX + "http-" + status, reason, status, detail, null, null, null);
    }

    /** The problem of an unexpected failure: 500, naming the exception's type and message. */
    public static Problem internal(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
        return new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500, message, null, null, null);
    }

    /**
     * A short title per libvirt error: libvirt's message without the information, cut before its
     * ": " (e.g. "Domain not found", "Requested operation is not valid", "Domain exists already"),
     * or the number's name in words when the message is the information alone.
     */
    static String title(VirErrorNumber n) {
        String text = n.message("\u0000");
        int cut = text.indexOf(": \u0000");
        String t = (cut >= 0 ? text.substring(0, cut) : text.replace("\u0000", "")).replaceAll(" +", " ").strip();
        if (t.isEmpty()) {
            t = n.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
