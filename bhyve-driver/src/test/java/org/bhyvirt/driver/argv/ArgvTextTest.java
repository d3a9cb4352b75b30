package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ArgvTextTest {

    @Test
    void aValueStaysOnTheLineOfItsOption() {
        assertEquals("bhyve \\\n-c 1 \\\n-H \\\n-s 0:0,hostbridge \\\nvm\n",
                ArgvText.format(List.of("bhyve", "-c", "1", "-H", "-s", "0:0,hostbridge", "vm")));
    }

    @Test
    void aPositionalArgumentRightAfterAFlagStaysOnItsLineAsInLibvirt() {
        assertEquals("bhyve \\\n-H vm\n", ArgvText.format(List.of("bhyve", "-H", "vm")));
    }

    @Test
    void theProgramIsPrintedByItsBasename() {
        assertEquals("grub-bhyve \\\n--root cd \\\nvm\n",
                ArgvText.format(List.of("/usr/local/sbin/grub-bhyve", "--root", "cd", "vm")));
    }

    @Test
    void consecutivePositionalArgumentsEachGetTheirOwnLine() {
        assertEquals("bhyve \\\n-s 0:0,hostbridge \\\nA1 \\\nA2 \\\nvm\n",
                ArgvText.format(List.of("bhyve", "-s", "0:0,hostbridge", "A1", "A2", "vm")));
    }

    @Test
    void aFirstPositionalArgumentStartsANewLine() {
        assertEquals("loader \\\nx \\\n-y\n", ArgvText.format(List.of("loader", "x", "-y")));
    }

    @Test
    void specialCharactersAreSingleQuoted() {
        assertEquals("'<device.map>'", ArgvText.quote("<device.map>"));
        assertEquals("'it'\\''s'", ArgvText.quote("it's"));
        assertEquals("'a b'", ArgvText.quote("a b"));
        assertEquals("''", ArgvText.quote(""));
        assertEquals("hd:/tmp/a.img,mac=52:54:00:00:00:00", ArgvText.quote("hd:/tmp/a.img,mac=52:54:00:00:00:00"));
    }

    @Test
    void oneLineKeepsTheProgramPath() {
        assertEquals("/usr/sbin/bhyve -c 1 'a b'", ArgvText.oneLine(List.of("/usr/sbin/bhyve", "-c", "1", "a b")));
    }
}
