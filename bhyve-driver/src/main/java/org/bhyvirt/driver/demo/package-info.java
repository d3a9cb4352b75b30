/**
 * The demo behind {@code ./bhyvirt demo}: the lifecycle of one emulated guest on a temporary host,
 * driven through {@link org.bhyvirt.driver.domain.DomainDriver}. Later issues grow it into the
 * two-host plugin demo.
 */
package org.bhyvirt.driver.demo;
