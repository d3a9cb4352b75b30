package org.bhyvirt.driver.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Messages read as libvirt's: the number's format around the reporter's information. */
class VirErrorNumberTest {

    /** libvirt messages as virsh prints them, by number and information. */
    enum LibvirtMessage {
        NOT_RUNNING(VirErrorNumber.OPERATION_INVALID, "domain is not running",
                "Requested operation is not valid: domain is not running"),
        NO_DOMAIN(VirErrorNumber.NO_DOMAIN, "no domain with matching name 'x'",
                "Domain not found: no domain with matching name 'x'"),
        ALREADY_PREFIXED(VirErrorNumber.NO_DOMAIN, "Domain not found: no domain with matching uuid 'u'",
                "Domain not found: no domain with matching uuid 'u'"),
        DUPLICATE(VirErrorNumber.OPERATION_FAILED, "domain 'x' already exists with uuid u",
                "operation failed: domain 'x' already exists with uuid u"),
        XML(VirErrorNumber.XML_ERROR, "malformed XML", "XML error: malformed XML"),
        UNSUPPORTED(VirErrorNumber.CONFIG_UNSUPPORTED, "<cputune> is not supported",
                "unsupported configuration: <cputune> is not supported"),
        DOMAIN_EXISTS(VirErrorNumber.DOM_EXIST, "domain 'x'", "domain domain 'x' exists already"),
        TIMEOUT(VirErrorNumber.OPERATION_TIMEOUT, "no exit", "Timed out during operation: no exit"),
        SYSTEM(VirErrorNumber.SYSTEM_ERROR, "cannot open /x", "cannot open /x");

        final VirErrorNumber number;
        final String info;
        final String message;

        LibvirtMessage(VirErrorNumber number, String info, String message) {
            this.number = number;
            this.info = info;
            this.message = message;
        }
    }

    @ParameterizedTest
    @EnumSource(LibvirtMessage.class)
    void exceptionCarriesLibvirtsWholeMessageBesideItsInformation(LibvirtMessage m) {
        BhyveDriverException e = new BhyveDriverException(m.number, m.info);
        assertEquals(m.info, e.getMessage());
        assertEquals(m.message, e.libvirtMessage());
    }

    @ParameterizedTest
    @EnumSource(VirErrorNumber.class)
    void everyNumberKeepsTheInformationInItsMessage(VirErrorNumber n) {
        assertTrue(n.message("INFO").contains("INFO"), n.name());
    }

    @ParameterizedTest
    @EnumSource(VirErrorNumber.class)
    void aWireValueReadsBackAsItsNumber(VirErrorNumber n) {
        assertEquals(n, VirErrorNumber.ofCode(n.code()));
    }

    @org.junit.jupiter.api.Test
    void wireValuesBhyvirtDoesNotNameReadAsOperationFailedAndNoDomain() {
        assertEquals(VirErrorNumber.OPERATION_FAILED, VirErrorNumber.ofCode(10_000));
        assertEquals(VirErrorDomain.NONE, VirErrorDomain.ofCode(10_000));
        assertEquals(VirErrorDomain.BHYVE, VirErrorDomain.ofCode(57));
    }
}
