package org.bhyvirt.driver.domain.def;

/** Small domain XML documents for tests, written for bhyvirt. */
final class DomainXmlTestData {

    private DomainXmlTestData() {
    }

    /** A minimal valid domain with {@code name}, {@code uuid} and {@code devices} inserted verbatim. */
    static String domain(String name, String uuid, String memory, String devices) {
        return "<domain type='bhyve'>\n"
                + (name == null ? "" : "  <name>" + name + "</name>\n")
                + (uuid == null ? "" : "  <uuid>" + uuid + "</uuid>\n")
                + "  " + memory + "\n"
                + "  <vcpu>2</vcpu>\n"
                + "  <os><type>hvm</type></os>\n"
                + "  <devices>\n" + devices + "\n  </devices>\n"
                + "</domain>\n";
    }

    static String withDevices(String devices) {
        return domain("guest1", "6e0c2c3a-8a4f-4c1b-9a57-2f5b8d5d9e11", "<memory unit='MiB'>512</memory>", devices);
    }

    static String withName(String name) {
        return domain(name, "6e0c2c3a-8a4f-4c1b-9a57-2f5b8d5d9e11", "<memory unit='MiB'>512</memory>", "");
    }

    static String withUuid(String uuid) {
        return domain("guest1", uuid, "<memory unit='MiB'>512</memory>", "");
    }

    static String withMemory(String memory) {
        return domain("guest1", "6e0c2c3a-8a4f-4c1b-9a57-2f5b8d5d9e11", memory, "");
    }
}
