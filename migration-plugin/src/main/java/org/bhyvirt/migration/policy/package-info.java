/**
 * Convergence: the pure {@link org.bhyvirt.migration.policy.ConvergencePolicy} that turns a
 * {@link org.bhyvirt.migration.policy.ProgressSnapshot} into continue / switch over / throttle /
 * abort, and the {@link org.bhyvirt.migration.policy.BandwidthWindow} that measures bandwidth
 * over a sliding window. Nothing here reads a clock or touches a guest.
 */
package org.bhyvirt.migration.policy;
