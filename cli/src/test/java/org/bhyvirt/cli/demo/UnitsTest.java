package org.bhyvirt.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0,0 B", "1023,1023 B", "1024,1.0 KiB", "1536,1.5 KiB", "1048576,1.0 MiB", "851443712,812.0 MiB",
            "1073741824,1.00 GiB", "1299227607,1.21 GiB", "10737418240,10.0 GiB"})
    void byteCountsUseBinaryUnitsWithThreeSignificantDigitsFromGibUp(long bytes, String text) {
        assertEquals(text, Units.bytes(bytes));
    }

    @ParameterizedTest
    @CsvSource({"0,0 ms", "999,999 ms", "1000,1.0 s", "2345,2.3 s"})
    void durationsAreMillisecondsBelowASecondAndSecondsAbove(long ms, String text) {
        assertEquals(text, Units.millis(ms));
    }
}
