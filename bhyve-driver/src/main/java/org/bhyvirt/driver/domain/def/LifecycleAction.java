package org.bhyvirt.driver.domain.def;

/** What libvirt records for {@code <on_poweroff>}, {@code <on_reboot>} and {@code <on_crash>}; the bhyve driver stores but does not consult them. */
public enum LifecycleAction implements XmlNamed {
    DESTROY("destroy"),
    RESTART("restart"),
    PRESERVE("preserve"),
    RENAME_RESTART("rename-restart"),
    COREDUMP_DESTROY("coredump-destroy"),
    COREDUMP_RESTART("coredump-restart");

    private final String xmlName;

    LifecycleAction(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
