package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bhyve launcher refuses bad command lines as bhyve(8) does and answers capability probes. */
class BhyveArgvRefusalTest {
    private Emulator emu;

    @BeforeEach
    void setUp() throws Exception {
        emu = new Emulator();
    }

    @AfterEach
    void tearDown() throws Exception {
        emu.close();
    }

    /** Bad command lines with bhyve's exit status and a fragment of its message. */
    enum Refusal {
        UNKNOWN_DEVICE(4, "pci slot 0:3:0: unknown device \"floppy\"", "-s", "3,floppy", "vm"),
        DUPLICATE_SLOT(4, "pci slot 0:2:0 already occupied!", "-s", "2,virtio-rnd", "-s", "2:0,virtio-rnd", "vm"),
        SLOT_OUT_OF_RANGE(4, "Invalid PCI slot info field \"32,virtio-rnd\"", "-s", "32,virtio-rnd", "vm"),
        SLOT_WITHOUT_DEVICE(4, "Invalid PCI slot info field \"2\"", "-s", "2", "vm"),
        BAD_MEMORY(64, "invalid memsize '12Q'", "-m", "12Q", "vm"),
        MISSING_NAME(1, "Usage: bhyve", "-m", "64"),
        TWO_NAMES(1, "Usage: bhyve", "vm", "other"),
        ILLEGAL_OPTION(1, "bhyve: illegal option -- Z", "-Z", "vm"),
        MISSING_OPTION_ARGUMENT(1, "option requires an argument -- m", "-m"),
        BAD_LPC_DEVICE(64, "invalid lpc device configuration 'com9,/dev/null'", "-l", "com9,/dev/null", "vm"),
        BOOTROM_WITHOUT_FILE(4, "invalid bootrom option \"bootrom\"", "-l", "bootrom", "vm"),
        TOPOLOGY_MISMATCH(4, "does not match 3 vCPUs", "-c", "cpus=3,sockets=1,cores=2,threads=1", "vm"),
        TOO_MANY_VCPUS(4, "17 vCPUs requested, only 16 available", "-c", "17", "vm"),
        MISSING_BACKING_FILE(4, "Could not open backing file", "-s", "2,virtio-blk,/nonexistent/disk.img", "vm"),
        BAD_FBUF_OPTION(4, "Invalid fbuf emulation \"colour=red\"", "-s", "4,fbuf,tcp=127.0.0.1:5900,colour=red", "vm"),
        TAP_THAT_DOES_NOT_EXIST(4, "open of tap device /dev/tap7 failed", "-s", "3:0,virtio-net,tap7,mac=52:54:00:00:00:01", "vm"),
        BAD_MAC(4, "Invalid MAC address", "-s", "3:0,virtio-net,slirp,mac=52:54:00", "vm"),
        VM_NOT_LOADED(4, "virtual machine cannot be booted", "-m", "64", "never-loaded");

        final int exit;
        final String message;
        final String[] args;

        Refusal(int exit, String message, String... args) {
            this.exit = exit;
            this.message = message;
            this.args = args;
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void badCommandLinesAreRefusedWithBhyvesStatusAndMessage(Refusal r) throws Exception {
        Emulator.Result res = emu.run("bhyve", r.args);
        assertEquals(r.exit, res.exit(), res.err());
        assertTrue(res.err().contains(r.message), "stderr: " + res.err());
        assertFalse(Files.exists(emu.vmDir("vm")), "a refused bhyve created no VM");
    }

    @Test
    void helpShowsRtcUtcAndTopologySyntaxAndExitsZero() throws Exception {
        Emulator.Result res = emu.run("bhyve", "-h");
        assertEquals(0, res.exit());
        assertTrue(res.err().contains("-u:"), res.err());
        assertTrue(res.err().contains("-c [[cpus=]numcpus][,sockets=n][,cores=n][,threads=n]"), res.err());
        assertFalse(res.err().contains("-c vcpus"), res.err());
    }

    /** Devices libvirt probes for. */
    enum ProbedDevice { ahci, e1000, fbuf, xhci, hda, virtio_9p, virtio_rnd, nvme }

    @ParameterizedTest
    @EnumSource(ProbedDevice.class)
    void everyProbedDeviceIsKnown(ProbedDevice d) throws Exception {
        Emulator.Result res = emu.run("bhyve", "-s", "0," + d.name().replace('_', '-'));
        assertFalse(res.err().contains("unknown device"), res.err());
        assertEquals(1, res.exit(), "no VM name: usage");
    }

    @Test
    void bootromProbeAndFbufPasswordProbeFindTheCapabilities() throws Exception {
        Emulator.Result rom = emu.run("bhyve", "-l", "bootrom");
        assertFalse(rom.err().contains("invalid lpc device configuration 'bootrom'"), rom.err());
        Emulator.Result pw = emu.run("bhyve", "-s", "0,fbuf,password=");
        assertFalse(pw.err().contains("Invalid fbuf emulation \"password\""), pw.err());
    }

    @Test
    void libvirtsFullCommandLineIsAcceptedAfterBhyveload() throws Exception {
        var disk = emu.plainDisk("disk.img");
        var cd = emu.plainDisk("cd.iso");
        var rom = emu.plainDisk("BHYVE_UEFI.fd");
        assertEquals(0, emu.run("bhyveload", "-m", "214", "-d", disk.toString(), "full").exit());
        String tap = emu.run("ifconfig", "tap", "create").out().strip();
        Process p = emu.start("bhyve", "-c", "cpus=2,sockets=1,cores=2,threads=1", "-m", "214", "-S", "-A", "-I", "-w",
                "-u", "-H", "-P", "-s", "0:0,hostbridge", "-l", "bootrom," + rom, "-s", "1:0,lpc",
                "-s", "2:0,ahci,hd:" + disk + ",cd:" + cd, "-s", "3:0,virtio-net," + tap + ",mac=52:54:00:b9:94:02",
                "-s", "4:0,fbuf,tcp=127.0.0.1:5904,w=1920,h=1080,vga=io,password=s3cr3t", "-s", "5:0,xhci,tablet",
                "-s", "6:0,hda,play=/dev/dsp0,rec=/dev/dsp0", "-s", "7:0,virtio-9p,shared_dir=/shared/dir,ro",
                "-s", "8:0,virtio-rnd", "-l", "com1,/dev/nmdm0A", "full");
        emu.awaitControl("full", p);
        assertEquals(2L, Emulator.num(emu.ctl("full", "status"), "vcpus"));
        emu.ctl("full", "poweroff");
        assertEquals(1, emu.awaitExit(p));
    }

    @Test
    void loadersCheckTheirArguments() throws Exception {
        assertEquals(1, emu.run("bhyveload", "-m", "64", "-d", "/nonexistent.img", "vm").exit());
        Emulator.Result badMem = emu.run("bhyveload", "-m", "lots", "-d", emu.plainDisk("d.img").toString(), "vm");
        assertEquals(1, badMem.exit());
        assertTrue(badMem.err().contains("Invalid memsize 'lots'"), badMem.err());
        assertEquals(1, emu.run("bhyveload", "-m", "64").exit());
        assertFalse(Files.exists(emu.vmDir("vm")));
        Emulator.Result help = emu.run("grub-bhyve", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--cons-dev"));
        var map = emu.dir().resolve("device.map");
        Files.writeString(map, "(hd0) /nonexistent.img\n");
        assertEquals(1, emu.run("grub-bhyve", "--root", "hd0,msdos1", "--device-map", map.toString(), "--memory", "64", "vm").exit());
        Files.writeString(map, "(hd0) " + emu.plainDisk("g.img") + "\n");
        assertEquals(0, emu.run("grub-bhyve", "--root", "hd0,msdos1", "--device-map", map.toString(), "--memory", "64", "vm").exit());
        assertEquals(64L << 20, Files.size(emu.vmDir("vm").resolve("mem")));
    }

    @Test
    void bhyvectlRefusesAnUnknownVm() throws Exception {
        Emulator.Result res = emu.run("bhyvectl", "--vm=ghost", "--destroy");
        assertEquals(1, res.exit());
        assertTrue(res.err().contains("ghost could not be opened"), res.err());
    }
}
