package org.bhyvirt.it.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a domain.xml is prepared for a test run, on a file of Payara Server 6's shape (domain.xml beside this class). */
class PayaraDomainXmlTest {

    private static final DomainPorts PORTS = new DomainPorts(41001, 41002, 41003, 41004, 41005, 41006, 41007, 41008,
            41009, 41010);
    private static final String LISTENERS =
            "/domain/configs/config[@name='server-config']/network-config/network-listeners/network-listener";
    private static final String SERVER = "/domain/servers/server[@name='server']";

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void copyTheDomainXml() throws IOException {
        file = dir.resolve("domain.xml");
        try (InputStream in = getClass().getResourceAsStream("domain.xml")) {
            Files.copy(in, file);
        }
    }

    @Test
    void everyListenerOfTheDasMovesToItsGivenPortAndTheDefaultConfigKeepsItsVariables() {
        PayaraDomainXml.read(file).listenOn(PORTS).write(file);
        PayaraDomainXml written = PayaraDomainXml.read(file);

        assertEquals("41002", written.attribute(LISTENERS + "[@name='http-listener-1']", "port"));
        assertEquals("41003", written.attribute(LISTENERS + "[@name='http-listener-2']", "port"));
        assertEquals("41001", written.attribute(LISTENERS + "[@name='admin-listener']", "port"));
        String iiop = "/domain/configs/config[@name='server-config']/iiop-service/iiop-listener";
        assertEquals("41004", written.attribute(iiop + "[@id='orb-listener-1']", "port"));
        assertEquals("41005", written.attribute(iiop + "[@id='SSL']", "port"));
        assertEquals("41006", written.attribute(iiop + "[@id='SSL_MUTUALAUTH']", "port"));
        assertEquals("41007", written.attribute("//jmx-connector[@name='system']", "port"));
        assertEquals("41008", written.attribute("//config[@name='server-config']/system-property", "value"));
        assertEquals("41009", written.attribute("/domain/hazelcast-runtime-configuration", "das-port"));
        assertEquals("41010", written.attribute("/domain/hazelcast-runtime-configuration", "start-port"));
        assertEquals("${HTTP_LISTENER_PORT}",
                written.attribute("//config[@name='default-config']//network-listener", "port"));
    }

    @Test
    void aSystemPropertyOfTheSameNameIsReplacedNotRepeated() {
        PayaraDomainXml.read(file)
                .systemProperties(Map.of("bhyvirt.state.dir", "/new/state", "bhyvirt.host.name", "ear-host"))
                .write(file);
        PayaraDomainXml written = PayaraDomainXml.read(file);

        assertEquals("/new/state", written.attribute(SERVER + "/system-property[@name='bhyvirt.state.dir']", "value"));
        assertEquals("ear-host", written.attribute(SERVER + "/system-property[@name='bhyvirt.host.name']", "value"));
    }

    @Test
    void anApplicationLeftByAnEarlierRunIsForgottenAndOthersStay() {
        PayaraDomainXml.read(file).withoutApplication("bhyvirt").write(file);
        PayaraDomainXml written = PayaraDomainXml.read(file);

        assertThrows(IllegalStateException.class, () -> written.attribute("//application[@name='bhyvirt']", "name"));
        assertThrows(IllegalStateException.class, () -> written.attribute(SERVER + "/application-ref[@ref='bhyvirt']", "ref"));
        assertEquals("/other", written.attribute("//application[@name='other']", "context-root"));
        assertEquals("other", written.attribute(SERVER + "/application-ref[@ref='other']", "ref"));
    }

    @Test
    void aDomainXmlWithoutAnExpectedListenerIsRefusedNamingWhatIsMissing() throws IOException {
        Files.writeString(file, Files.readString(file).replace("name=\"admin-listener\"", "name=\"renamed\""));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PayaraDomainXml.read(file).listenOn(PORTS));
        assertTrue(refused.getMessage().contains("[@name='admin-listener']"), refused.getMessage());
    }
}
