package org.bhyvirt.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomxmlToNativeCommandTest {

    @TempDir
    Path dir;

    private static final String GUEST = """
            <domain type='bhyve'>
              <name>native</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <memory unit='MiB'>1024</memory>
              <vcpu>2</vcpu>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/vm/my disk.img'/>
                  <target dev='sda' bus='sata'/>
                </disk>
                <interface type='bridge'>
                  <mac address='52:54:00:aa:bb:cc'/>
                  <source bridge='bridge0'/>
                </interface>
              </devices>
            </domain>
            """;

    private record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DomxmlToNativeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheLoaderLineThenTheBhyveLineWithTap0() throws IOException {
        Path xml = dir.resolve("guest.xml");
        Files.writeString(xml, GUEST);
        Result r = run(xml.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("bhyveload -m 1024 -d '/vm/my disk.img' native\n"
                + "bhyve -c 2 -m 1024 -u -H -P -s 0:0,hostbridge -s '2:0,ahci,hd:/vm/my disk.img' "
                + "-s 3:0,virtio-net,tap0,mac=52:54:00:aa:bb:cc native\n", r.out());
    }

    @Test
    void aUefiGuestHasNoLoaderLine() throws IOException {
        Path xml = dir.resolve("guest.xml");
        Files.writeString(xml, GUEST.replace("<os><type>hvm</type></os>", "<os firmware='efi'><type>hvm</type></os>"));
        Path firmware = Files.createDirectory(dir.resolve("fw"));
        Files.createFile(firmware.resolve("BHYVE_UEFI.fd"));
        Result r = run(xml.toString(), "--firmware-dir", firmware.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().contains(" -l bootrom," + firmware.resolve("BHYVE_UEFI.fd") + " -s 1:0,lpc "), r.out());
    }

    @Test
    void probedCapabilitiesRefuseWhatTheProgramLacks() throws IOException {
        Path xml = dir.resolve("guest.xml");
        Files.writeString(xml, GUEST);
        Path oldBhyve = dir.resolve("bhyve");
        try (InputStream in = getClass().getResourceAsStream("/argv/probe/bhyve-old.sh")) {
            Files.copy(in, oldBhyve, StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(oldBhyve.toFile().setExecutable(true));
        Result r = run(xml.toString(), "--caps", "probe:" + oldBhyve);
        assertEquals(1, r.status());
        assertEquals("error: Installed bhyve binary does not support UTC clock (CONFIG_UNSUPPORTED 67)\n", r.err());
    }

    @Test
    void aUefiLoaderMustBeAReadOnlyPflash() throws IOException {
        Path xml = dir.resolve("guest.xml");
        Files.writeString(xml, GUEST.replace("<os><type>hvm</type></os>",
                "<os><type>hvm</type><loader>/fw/BHYVE_UEFI.fd</loader></os>"));
        Result r = run(xml.toString());
        assertEquals(1, r.status());
        assertEquals("error: Only read-only pflash is supported. (CONFIG_UNSUPPORTED 67)\n", r.err());
    }

    @Test
    void aMissingFileArgumentIsAUsageError() {
        assertEquals(2, run().status());
        assertEquals(2, run("a.xml", "--caps").status());
        assertEquals(2, run("a.xml", "--caps", "some").status());
    }
}
