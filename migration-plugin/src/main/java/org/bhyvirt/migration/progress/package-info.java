/**
 * Migration job progress with libvirt's job-info names, published every round and on completion.
 */
package org.bhyvirt.migration.progress;
