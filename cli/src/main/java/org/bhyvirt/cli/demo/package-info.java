/**
 * The two-host live-migration demo ({@code ./bhyvirt demo}): {@link org.bhyvirt.cli.demo.MigrationDemo}
 * drives two running hosts through their REST APIs, draws the progress from the SSE stream
 * ({@link org.bhyvirt.cli.demo.ProgressBar}) and judges the guest with the emulator's self-check.
 */
package org.bhyvirt.cli.demo;
