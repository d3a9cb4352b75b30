package org.bhyvirt.driver.domain.def;

import java.util.Objects;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.xml.SafeXmlReader;

/**
 * Parses libvirt domain XML for the bhyve driver into a complete, validated {@link DomainDef}, as
 * libvirt's bhyve driver would define it: the XML is read safely ({@link SafeXmlReader}: size and
 * depth limits, no DTDs or entities), unsupported elements are refused, libvirt's post-parse
 * defaults are applied ({@link DomainDefaults}), PCI slots are assigned ({@link PciSlotAssigner})
 * and the result is validated ({@link DomainDefValidator}). Every failure is a
 * {@link BhyveDriverException} with libvirt's error number. Thread-safe when the MAC generator is.
 */
public final class DomainXmlParser {

    private final MacAddressGenerator macs;
    private final ParseOptions defaults;

    /** Random MAC addresses, 32 SATA ports per controller, default limits. */
    public DomainXmlParser() {
        this(MacAddressGenerator.random(), ParseOptions.DEFAULTS);
    }

    /** The given MAC generator, default options. */
    public DomainXmlParser(MacAddressGenerator macs) {
        this(macs, ParseOptions.DEFAULTS);
    }

    /** The given MAC generator and options used by {@link #parse(String)}. */
    public DomainXmlParser(MacAddressGenerator macs, ParseOptions defaults) {
        this.macs = Objects.requireNonNull(macs, "macs");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** Parses {@code xml} with this parser's default options. */
    public DomainDef parse(String xml) {
        return parse(xml, defaults);
    }

    /**
     * Parses {@code xml}.
     *
     * @param options the host's SATA layout and the input limits
     * @throws BhyveDriverException VIR_ERR_XML_ERROR for malformed or hostile XML and invalid
     *                              values, VIR_ERR_CONFIG_UNSUPPORTED for what bhyve does not
     *                              support, VIR_ERR_NO_NAME, VIR_ERR_OS_TYPE, VIR_ERR_INVALID_ARG
     *                              and others as libvirt reports them
     */
    public DomainDef parse(String xml, ParseOptions options) {
        SafeXmlReader reader = new SafeXmlReader(options.maxXmlChars(), options.maxDepth());
        DomainDef raw = new DomainElementReader(macs).read(reader.read(xml));
        DomainDef def = PciSlotAssigner.assign(DomainDefaults.apply(raw, options.sataLayout()));
        DomainDefValidator.validate(def);
        return def;
    }

    /**
     * The metadata element of libvirt's set-metadata call (VIR_DOMAIN_METADATA_ELEMENT): the root
     * element of {@code xml} put into namespace {@code uri} with prefix {@code key}. Combine with
     * {@link DomainDef#withMetadataEntry(MetadataEntry)}.
     */
    public MetadataEntry metadataElement(String xml, String key, String uri) {
        if (key == null || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new BhyveDriverException(org.bhyvirt.driver.error.VirErrorNumber.INVALID_ARG,
                    "invalid metadata key '" + key + "'");
        }
        if (uri == null || uri.isBlank()) {
            throw new BhyveDriverException(org.bhyvirt.driver.error.VirErrorNumber.INVALID_ARG,
                    "metadata namespace URI must not be empty");
        }
        return MetadataXml.element(xml, key, uri, new SafeXmlReader(defaults.maxXmlChars(), defaults.maxDepth()));
    }
}
