package org.bhyvirt.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {

    private static final String ALL_CAPS =
            "AHCI32SLOT,CPUTOPOLOGY,FBUF,LPC_BOOTROM,NET_E1000,RTC_UTC,SOUND_HDA,VIRTIO_9P,VNC_PASSWORD,XHCI";

    @TempDir
    Path dir;

    private static Path libvirtCases() {
        String root = System.getProperty("bhyvirt.root");
        assumeTrue(root != null, "bhyvirt.root is not set");
        Path cases = Path.of(root).resolve("../shared/reference/libvirt-bhyve-cases").normalize();
        assumeTrue(Files.isRegularFile(cases.resolve("cases.tsv")), "no libvirt case folder at " + cases);
        return cases;
    }

    private static String run(Path folder, int[] failed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            failed[0] = new ConformanceRunner(folder, DomainXmlCodec.standard()).runAll(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLibvirtCasePasses() {
        int[] failed = {-1};
        String output = run(libvirtCases(), failed);
        List<String> lines = output.lines().toList();
        assertEquals(0, failed[0], output);
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ passed, 0 failed"), output);
        assertEquals(lines.size() - 1, lines.stream().filter(l -> l.startsWith("PASS ")).count(), output);
    }

    private void writeCase(String name, String expect, String args, String note) throws IOException {
        Files.writeString(dir.resolve("cases.tsv"), "#name\texpect\tarch\tbhyvecaps\tgrubcaps\tfirmwareDir\tfiles\tnote\n"
                + name + "\t" + expect + "\tx86_64\t" + ALL_CAPS + "\tCONSDEV\tfakefirmwaredir\txml,args,ldargs\t" + note + "\n");
        Files.writeString(dir.resolve("bhyvexml2argv-" + name + ".xml"), """
                <domain type='bhyve'>
                  <name>conf</name>
                  <uuid>11111111-2222-3333-4444-555555555555</uuid>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/vm/conf.img'/>
                      <target dev='sda' bus='sata'/>
                    </disk>
                  </devices>
                </domain>
                """);
        Files.writeString(dir.resolve("bhyvexml2argv-" + name + ".args"), args);
        Files.writeString(dir.resolve("bhyvexml2argv-" + name + ".ldargs"),
                "bhyveload \\\n-m 256 \\\n-d /vm/conf.img \\\nconf\n");
    }

    private static final String CONF_ARGS = "bhyve \\\n-c 1 \\\n-m 256 \\\n-u \\\n-H \\\n-P \\\n-s 0:0,hostbridge \\\n"
            + "-s 2:0,ahci,hd:/vm/conf.img \\\nconf\n";

    @Test
    void aMatchingCasePasses() throws IOException {
        writeCase("match", "OK", CONF_ARGS, "");
        int[] failed = {-1};
        assertEquals("PASS match\n1 passed, 0 failed\n", run(dir, failed));
        assertEquals(0, failed[0]);
    }

    @Test
    void aDifferenceIsReportedWithItsFirstLine() throws IOException {
        writeCase("differs", "OK", CONF_ARGS.replace("-m 256", "-m 255"), "");
        int[] failed = {-1};
        String output = run(dir, failed);
        assertEquals("FAIL differs: bhyvexml2argv-differs.args line 3: expected '-m 255 \\' but was '-m 256 \\'\n"
                + "0 passed, 1 failed\n", output);
        assertEquals(1, failed[0]);
    }

    @Test
    void aFailCaseThatBuildsFailsUnlessLenient() throws IOException {
        writeCase("builds", "FAIL", CONF_ARGS, "");
        int[] failed = {-1};
        assertTrue(run(dir, failed).startsWith("FAIL builds: expected the commands to be refused"));
        writeCase("builds", "FAIL", CONF_ARGS, "lenient: harness also accepts success if output == .args");
        assertTrue(run(dir, failed).startsWith("PASS builds"));
    }

    @Test
    void aParseErrorCaseWhoseXmlIsAcceptedFails() throws IOException {
        writeCase("parses", "PARSE_ERROR", CONF_ARGS, "");
        int[] failed = {-1};
        assertTrue(run(dir, failed).startsWith("FAIL parses: expected the XML to be refused"));
    }
}
