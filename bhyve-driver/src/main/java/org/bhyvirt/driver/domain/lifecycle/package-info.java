/**
 * The domain lifecycle state machine as data ({@link org.bhyvirt.driver.domain.lifecycle.LifecycleMove}):
 * allowed moves between libvirt's states and the event each move emits.
 */
package org.bhyvirt.driver.domain.lifecycle;
