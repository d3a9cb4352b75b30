package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveImageTest {

    @TempDir
    Path dir;

    private Path checkpoint(String name) throws Exception {
        Path f = dir.resolve(name);
        for (String s : new String[] {"", ".kern", ".meta"}) {
            Files.writeString(Path.of(f + s), "bhyve's part");
        }
        return f;
    }

    @Test
    void aSaveImageSurvivesAWriteReadRoundTrip() throws Exception {
        Path f = checkpoint("ok");
        SaveImage image = new SaveImage("vm", UUID.randomUUID(), true, "<domain type='bhyve'>\n\n<name>vm</name></domain>\n");
        image.write(f);
        assertEquals(image, SaveImage.read(f));
    }

    @Test
    void anImageWithoutBhyvesKernelStateIsIncomplete() throws Exception {
        Path f = checkpoint("nokern");
        new SaveImage("vm", UUID.randomUUID(), false, "<domain/>").write(f);
        Files.delete(Path.of(f + ".kern"));
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> SaveImage.read(f));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
    }

    @Test
    void aDefinitionWithoutTheHeaderIsNotASaveImage() throws Exception {
        Path f = checkpoint("plain");
        Files.writeString(SaveImage.xmlFile(f), "<domain type='bhyve'/>");
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> SaveImage.read(f));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
    }
}
