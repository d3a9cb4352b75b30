package org.bhyvirt.driver.domain.def;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Chooses the MAC address of an interface that has none. libvirt generates
 * {@code 52:54:00:xx:xx:xx} with three random bytes; tests inject a fixed address (libvirt's test
 * harness uses {@code 52:54:00:00:00:00}).
 */
@FunctionalInterface
public interface MacAddressGenerator {

    /** The next MAC address, lower case, colon separated. */
    String next();

    /** libvirt's generator: {@code 52:54:00} followed by three random bytes. */
    static MacAddressGenerator random() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[3];
            random.nextBytes(b);
            return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        };
    }

    /** Always {@code mac} (for tests and the conformance fixture). */
    static MacAddressGenerator fixed(String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        return () -> m;
    }
}
