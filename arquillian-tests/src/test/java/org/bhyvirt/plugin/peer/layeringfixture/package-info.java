/** Test data of the layering rules: a peer class that breaks them on purpose (never product code). */
package org.bhyvirt.plugin.peer.layeringfixture;
