package org.bhyvirt.driver.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class HostCpuTest {

    @Test
    void theModelIsTheFirstProcessorsVendorFamilyModelAndName() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: GenuineIntel
                cpu family\t: 6
                model\t\t: 85
                model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
                flags\t\t: fpu vme de

                processor\t: 1
                vendor_id\t: AuthenticAMD
                model name\t: another one
                """;
        assertEquals("GenuineIntel family 6 model 85 Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz",
                HostCpu.fromCpuinfo(cpuinfo));
    }

    @Test
    void aCpuinfoThatNamesNothingIsUnknown() {
        assertEquals("unknown", HostCpu.fromCpuinfo("processor\t: 0\n\n"));
    }

    @Test
    void thisMachineNamesItsCpu() {
        assertNotEquals("unknown", HostCpu.model());
        assertEquals(HostCpu.model(), HostCpu.model());
    }
}
