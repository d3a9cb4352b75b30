package org.bhyvirt.plugin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ProblemsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "NO_DOMAIN,404", "NO_DOMAIN_METADATA,404",
        "OPERATION_INVALID,409", "DOM_EXIST,409", "RESOURCE_BUSY,409",
        "XML_ERROR,400", "XML_DETAIL,400", "INVALID_ARG,400", "CONFIG_UNSUPPORTED,400", "ARGUMENT_UNSUPPORTED,400",
        "INVALID_MAC,400", "NO_NAME,400", "OS_TYPE,400", "NO_SOURCE,400", "NO_TARGET,400",
        "OPERATION_DENIED,403",
        "NO_SUPPORT,501", "OPERATION_UNSUPPORTED,501",
        "INTERNAL_ERROR,500", "OPERATION_FAILED,500", "SYSTEM_ERROR,500", "OPERATION_TIMEOUT,500",
        "OPERATION_ABORTED,500", "WRITE_FAILED,500",
    })
    void libvirtErrorsGetTheContractsStatus(VirErrorNumber number, int status) {
        assertEquals(status, Problems.status(number));
    }

    @Test
    void aMissingDomainIsA404CarryingLibvirtsNumberNameAndMessage() {
        Problem p = Problems.of(new BhyveDriverException(VirErrorNumber.NO_DOMAIN,
                "no domain with matching name 'vm1'"));
        assertEquals(new Problem("urn:bhyvirt:problem:libvirt:no-domain", "Domain not found", 404,
                "Domain not found: no domain with matching name 'vm1'", 42, "NO_DOMAIN", null), p);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "domain 'vm1' already exists with uuid 44ebef96-e116-4d96-a6f1-e65991ba60ed|409",
        "domain 'vm2' is already defined with uuid 44ebef96-e116-4d96-a6f1-e65991ba60ed|409",
        "bhyvectl failed with exit status 1|500",
    })
    void aNameOrUuidHeldByAnotherDomainIsAConflict(String message, int status) {
        Problem p = Problems.of(new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, message));
        assertEquals(status, p.status());
        assertEquals(9, p.libvirtError());
        assertEquals("operation failed: " + message, p.detail());
    }

    @Test
    void aWrongStateIsA409WithLibvirtsWording() {
        Problem p = Problems.of(new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is not running"));
        assertEquals(409, p.status());
        assertEquals("Requested operation is not valid", p.title());
        assertEquals("Requested operation is not valid: domain is not running", p.detail());
        assertEquals(55, p.libvirtError());
    }

    @ParameterizedTest
    @EnumSource(VirErrorNumber.class)
    void everyLibvirtErrorHasATitleWithoutPlaceholders(VirErrorNumber n) {
        String title = Problems.title(n);
        assertEquals(false, title.isBlank() || title.contains("%") || title.contains("\u0000") || title.endsWith(":"),
                title);
        assertEquals(Character.toUpperCase(title.charAt(0)), title.charAt(0), title);
    }

    @Test
    void titlesReadAsLibvirtsMessages() {
        assertEquals("Domain exists already", Problems.title(VirErrorNumber.DOM_EXIST));
        assertEquals("XML error", Problems.title(VirErrorNumber.XML_ERROR));
        assertEquals("System error", Problems.title(VirErrorNumber.SYSTEM_ERROR));
    }

    @Test
    void validationProblemsListEveryInvalidInputSorted() {
        Problem p = Problems.invalidInput(List.of(new Problem.Violation("state", "must be one of running, paused, shutoff"),
                new Problem.Violation("persistent", "must be true or false")));
        assertEquals(400, p.status());
        assertEquals("persistent: must be true or false; state: must be one of running, paused, shutoff", p.detail());
        assertEquals("persistent", p.violations().get(0).field());
        assertNull(p.libvirtError());
    }

    @Test
    void aHostThatIsNotReadyIsA503WithTheReason() {
        Problem p = Problems.hostNotReady("invalid configuration: bhyvirt.state.dir: 'x' is not an absolute path");
        assertEquals(503, p.status());
        assertEquals("invalid configuration: bhyvirt.state.dir: 'x' is not an absolute path", p.detail());
    }

    @Test
    void anUnexpectedFailureNamesItsType() {
        assertEquals("java.lang.IllegalStateException: boom",
                Problems.internal(new IllegalStateException("boom")).detail());
        assertEquals(500, Problems.internal(new NullPointerException()).status());
    }
}
