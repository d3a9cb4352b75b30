/**
 * {@code ./bhyvirt bench host}: the figures of one host on Payara Micro, time to ready (measured by the
 * launcher), resident memory of the Micro JVM and the REST overhead of lifecycle calls
 * ({@link org.bhyvirt.cli.bench.HostBench}), reported against issue 4's targets ({@link org.bhyvirt.cli.bench.HostReport}).
 */
package org.bhyvirt.cli.bench;
