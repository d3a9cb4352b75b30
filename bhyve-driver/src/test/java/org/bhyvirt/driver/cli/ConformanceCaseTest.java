package org.bhyvirt.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.bhyvirt.driver.argv.BhyveCapability;
import org.bhyvirt.driver.argv.GrubCapability;
import org.junit.jupiter.api.Test;

class ConformanceCaseTest {

    @Test
    void rowsCarryTheirCapabilitiesOutcomeAndLeniency() {
        List<ConformanceCase> cases = ConformanceCase.parseTsv(List.of(
                "#name\texpect\tarch\tbhyvecaps\tgrubcaps\tfirmwareDir\tfiles_present\tnote",
                "",
                "base\tOK\tx86_64\tRTC_UTC,FBUF\tCONSDEV\tfakefirmwaredir\txml,args,ldargs\t",
                "sound\tFAIL\tx86_64\tRTC_UTC\t-\tfakefirmwareemptydir\txml\tlenient: harness also accepts success"));
        assertEquals(2, cases.size());
        ConformanceCase base = cases.get(0);
        assertEquals(ExpectedOutcome.OK, base.expect());
        assertEquals(Set.of(BhyveCapability.RTC_UTC, BhyveCapability.FBUF), base.bhyveCaps());
        assertEquals(Set.of(GrubCapability.CONSDEV), base.grubCaps());
        assertFalse(base.lenient());
        ConformanceCase sound = cases.get(1);
        assertEquals(Set.of(), sound.grubCaps());
        assertEquals("fakefirmwareemptydir", sound.firmwareDir());
        assertTrue(sound.lenient());
    }

    @Test
    void anUnknownCapabilityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConformanceCase.parseTsv(
                List.of("x\tOK\tx86_64\tWARP_DRIVE\t\tfakefirmwaredir\txml\t")));
    }
}
