package org.bhyvirt.driver.domain.store;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Defence in depth for file names derived from domain names: the XML validation already refuses
 * bad names, and the store refuses them again before any path is built, so no name can ever
 * address a file outside the state directory.
 */
public final class StoredNames {

    private StoredNames() {
    }

    /** Returns {@code name} if it is a safe single path element, else fails with VIR_ERR_INVALID_ARG. */
    public static String requireSafe(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || name.equals(".") || name.equals("..")
                || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    "domain name '" + printable(name) + "' cannot be stored: it must be 1 to 64 characters without "
                            + "'/', control characters or a leading '.'");
        }
        return name;
    }

    private static String printable(String s) {
        if (s == null) {
            return "(null)";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
