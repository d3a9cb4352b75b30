package org.bhyvirt.emulator.guest;

/**
 * The result of a guest self-check: pages with a non-zero generation-table entry checked, how many
 * were stale (content of another generation than the table says) or corrupt (bad checksum, wrong page
 * number, garbage, or a broken header page), and the first bad page found (-1 if none).
 */
public record SelfCheckReport(long checkedPages, long stalePages, long corruptPages, long firstBadPage, long millis) {

    /** Whether the memory is consistent. */
    public boolean healthy() {
        return stalePages == 0 && corruptPages == 0;
    }
}
