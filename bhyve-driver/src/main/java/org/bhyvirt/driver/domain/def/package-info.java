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
 *       and the {@code bhyve:commandline} namespace (parsed). {@code <alias>} inside a device and an
 *       interface's {@code <target>} are ignored (they are runtime data), as are children of a serial
 *       port's {@code <target>}. Comments and processing instructions are ignored.</li>
 *   <li>Malformed values (a bad UUID, a bad number, a bad MAC, a memory unit libvirt does not know, an
 *       invalid name) are refused with VIR_ERR_XML_ERROR (a missing name with VIR_ERR_NO_NAME, an OS
 *       type other than hvm with VIR_ERR_OS_TYPE).</li>
 *   <li>Where libvirt itself drops something on output, so does the formatter: {@code <bootloader_args>}
 *       without {@code <bootloader>} (the argv still uses it, as libvirt's does) and a video
 *       {@code <driver vgaconf='io'/>} (io is libvirt's default value).</li>
 *   <li>Some refusals that libvirt makes only when it builds the bhyve command line stay there: a
 *       filesystem type other than mount, an access mode other than passthrough or a driver, more than
 *       one USB controller, a custom bootloader without bootloader_args, missing capabilities. The
 *       parser keeps those values so the command builder can name them.</li>
 * </ul>
 *
 * <h2>Order of the defaults</h2>
 * As in libvirt: device post-parse (drive addresses from the target name: 32 ports per AHCI controller
 * or one controller per disk depending on {@link org.bhyvirt.driver.domain.def.SataLayout}; cdroms
 * read-only; nmdm paths {@code /dev/nmdm<UUID>A/B}; video gop), then the bhyve driver's post-parse
 * (pci-root; isa when there is a loader without bootloader, firmware='efi', a serial or console, or
 * graphics with a video; loader type rom), then libvirt's common post-parse (a SATA controller for
 * every index up to the highest one a disk uses, the console alias of the first serial port, an implicit
 * gop video for graphics, the first video primary), then PCI slots, then validation.
 */
package org.bhyvirt.driver.domain.def;
