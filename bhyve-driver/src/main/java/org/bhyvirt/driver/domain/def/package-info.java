/**
 * The libvirt domain definition as bhyvirt's bhyve driver understands it: immutable records
 * ({@link org.bhyvirt.driver.domain.def.DomainDef} and its parts), the parser that reads libvirt
 * domain XML and applies libvirt's bhyve defaults ({@link org.bhyvirt.driver.domain.def.DomainXmlParser}),
 * the formatter that writes libvirt's exact XML ({@link org.bhyvirt.driver.domain.def.DomainXmlFormatter})
 * and the validation ({@link org.bhyvirt.driver.domain.def.DomainDefValidator}).
 *
 * <h2>What is refused, what is ignored</h2>
 * <ul>
 *   <li>Every element of libvirt's domain schema that the bhyve driver does not support, at the top
 *       level, in {@code <os>}, {@code <features>}, {@code <cpu>}, {@code <clock>}, {@code <devices>} and
 *       inside a supported device (for instance {@code <hostdev>}, {@code <memballoon>},
 *       {@code <watchdog>}, {@code <tpm>}, {@code <cputune>}, {@code <timer>}, a disk's
 *       {@code <iotune>}), and every unsupported value of a known attribute (disk bus ide/scsi/usb,
 *       interface type ethernet/direct, a chardev type other than nmdm, ...), is refused with
 *       VIR_ERR_CONFIG_UNSUPPORTED and a message naming the element or the value. Nothing is dropped
 *       silently.</li>
 *   <li>Unknown attributes are ignored, as libvirt ignores attributes its parser does not read.</li>
 *   <li>Elements in a foreign namespace are ignored, except below {@code <metadata>} (kept verbatim)
 *       and the {@code bhyve:commandline} namespace (parsed). {@code <alias>} inside a device is ignored
 *       (it is runtime data). Comments and processing instructions are ignored.</li>
 *   <li>Malformed values (a bad UUID, a bad number, a bad MAC, a memory unit libvirt does not know, an
 *       invalid name) are refused with VIR_ERR_XML_ERROR (a missing name with VIR_ERR_NO_NAME, an OS
 *       type other than hvm with VIR_ERR_OS_TYPE).</li>
 * </ul>
 */
package org.bhyvirt.driver.domain.def;
