/** Test data of the layering test: classes that break a rule on purpose, in the package the rule guards. */
package org.bhyvirt.driver.layeringfixture;
