package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.OsDef;
import org.junit.jupiter.api.Test;

class BootDiskChooserTest {

    private static final String TWO_DISKS = """
            <domain type='bhyve'>
              <name>quirk</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <memory unit='MiB'>256</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/vm/first.img'/>
                  <target dev='sda' bus='sata'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/vm/second.img'/>
                  <target dev='sdb' bus='sata'/>
                </disk>
              </devices>
            </domain>
            """;

    @Test
    void withTheDefaultBootDevHdTheFirstDiskBoots() {
        DomainDef def = TestDomains.parse(TWO_DISKS);
        assertEquals("/vm/first.img", BootDiskChooser.choose(def).sourcePath());
    }

    @Test
    void withoutBootDevOrBootOrderTheLastUsableDiskBootsAsInLibvirt() {
        DomainDef parsed = TestDomains.parse(TWO_DISKS);
        OsDef os = parsed.os();
        DomainDef def = parsed.withOs(new OsDef(os.type(), os.arch(), os.machine(), os.firmware(), os.loader(),
                os.nvram(), os.bootloader(), os.bootloaderArgs(), List.of()));
        assertEquals("/vm/second.img", BootDiskChooser.choose(def).sourcePath());
    }
}
