/**
 * libvirt's flag words of the domain API as named enums with libvirt's bit values, and the flag
 * check every entry point starts with ({@link org.bhyvirt.driver.domain.flags.Flags#check}).
 */
package org.bhyvirt.driver.domain.flags;
