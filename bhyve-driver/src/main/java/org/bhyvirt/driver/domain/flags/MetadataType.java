package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainMetadataType}: which metadata a get/set metadata call addresses. */
public enum MetadataType {
    DESCRIPTION(0),
    TITLE(1),
    ELEMENT(2);

    private final int code;

    MetadataType(int code) {
        this.code = code;
    }

    /** libvirt's wire value. */
    public int code() {
        return code;
    }
}
