package org.bhyvirt.driver.domain.def;

/**
 * The {@code <features>} bhyve understands: ACPI tables ({@code -A}), the local APIC
 * ({@code -I}) and what to do with unknown MSRs ({@code msrs unknown='ignore'} gives {@code -w}).
 *
 * @param acpi        {@code <acpi/>} present
 * @param apic        {@code <apic/>} present
 * @param msrsUnknown the unknown attribute of {@code <msrs>}, null when there is no msrs element
 */
public record Features(boolean acpi, boolean apic, MsrsUnknown msrsUnknown) {

    /** No features. */
    public static final Features NONE = new Features(false, false, null);

    /** True when nothing is set, so no {@code <features>} element is written. */
    public boolean isEmpty() {
        return !acpi && !apic && msrsUnknown == null;
    }
}
