/**
 * Hardened XML reading for untrusted input (domain XML from clients): {@link
 * org.bhyvirt.driver.xml.SafeXmlReader} with size and depth limits, no DTDs, no entities, no
 * external access, producing a small immutable element tree that keeps attribute order. Also the
 * escaping libvirt applies when it writes XML ({@link org.bhyvirt.driver.xml.XmlEscape}).
 */
package org.bhyvirt.driver.xml;
