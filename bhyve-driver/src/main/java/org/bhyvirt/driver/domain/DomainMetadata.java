package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.MetadataEntry;
import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.MetadataType;
import org.bhyvirt.driver.domain.flags.ModificationImpact;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * libvirt's metadata calls as pure functions on definitions: which definition(s) a
 * LIVE/CONFIG/CURRENT impact addresses (libvirt's virDomainObjGetDefs rules and messages), reading
 * title, description or a namespaced element, and producing the changed definition.
 */
final class DomainMetadata {

    private DomainMetadata() {
    }

    /** Which definitions a call addresses: the live one, the persistent one, or both. */
    record Impact(boolean live, boolean config) {
    }

    /**
     * The definitions addressed by {@code flags} (CURRENT: live if active, else config), checked
     * against the domain; for a get, LIVE and CONFIG together are refused.
     */
    static Impact impact(DomainObject d, long flags, boolean forGet) {
        boolean live = Flags.has(flags, ModificationImpact.LIVE);
        boolean config = Flags.has(flags, ModificationImpact.CONFIG);
        if (live && config && forGet) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    "Flags 'affect live' and 'affect config' are mutually exclusive");
        }
        if (!live && !config) {
            live = d.isActive();
            config = !live;
        }
        if (live && !d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is not running");
        }
        if (config && !d.isPersistent()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "transient domains do not have any persistent config");
        }
        return new Impact(live, config);
    }

    static String get(DomainDef def, MetadataType type, String uri) {
        String value = switch (type) {
            case TITLE -> def.title();
            case DESCRIPTION -> def.description();
            case ELEMENT -> {
                if (uri == null) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "metadata element needs a namespace URI");
                }
                MetadataEntry e = def.metadata(uri);
                yield e == null ? null : e.xml();
            }
        };
        if (value == null) {
            throw new BhyveDriverException(VirErrorNumber.NO_DOMAIN_METADATA,
                    "metadata not found: Requested metadata element is not present");
        }
        return value;
    }

    static DomainDef set(DomainXmlCodec codec, DomainDef def, MetadataType type, String metadata, String key, String uri) {
        boolean remove = metadata == null || metadata.isEmpty();
        return switch (type) {
            case TITLE -> {
                if (!remove && metadata.contains("\n")) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "title can't contain newlines");
                }
                yield def.withTitle(remove ? null : metadata);
            }
            case DESCRIPTION -> def.withDescription(remove ? null : metadata);
            case ELEMENT -> {
                if (uri == null || uri.isBlank()) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "metadata element needs a namespace URI");
                }
                yield remove ? def.withoutMetadataEntry(uri) : def.withMetadataEntry(codec.metadataElement(metadata, key, uri));
            }
        };
    }
}
