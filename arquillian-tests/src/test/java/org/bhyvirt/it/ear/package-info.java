/**
 * The EAR on a managed full Payara Server 6: the domain prepared with free ports and the plugin's
 * configuration ({@link org.bhyvirt.it.ear.PayaraServerDomain}), the built EAR deployed through
 * Arquillian, and its REST API asked over HTTP ({@link org.bhyvirt.it.ear.EarDeploymentIT}).
 */
package org.bhyvirt.it.ear;
