package org.bhyvirt.driver.domain.def;

/**
 * libvirt's disk target names ({@code virDiskNameParse}): {@code hda} is index 0, {@code hdz} 25,
 * {@code hdaa} 26; {@code nvme<C>n<N>} is NVMe controller C, namespace index N-1.
 */
public final class DiskNames {

    private static final String[] PREFIXES = {"fd", "hd", "vd", "sd", "xvd", "ubd"};

    private DiskNames() {
    }

    /** The controller and index of a target name. */
    public record Parsed(int controller, int index) {
    }

    /** The index of a target name, or null when it is not a name libvirt knows. */
    public static Parsed parse(String name) {
        if (name.startsWith("nvme")) {
            String rest = name.substring(4);
            int n = rest.indexOf('n');
            if (n <= 0 || !digits(rest.substring(0, n)) || !digits(rest.substring(n + 1))) {
                return null;
            }
            int ns = Integer.parseInt(rest.substring(n + 1));
            return ns < 1 ? null : new Parsed(Integer.parseInt(rest.substring(0, n)), ns - 1);
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return letters(name.substring(p.length()));
            }
        }
        return null;
    }

    private static Parsed letters(String s) {
        int idx = 0;
        int i = 0;
        for (; i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z'; i++) {
            if (i > 6) {
                return null;
            }
            idx = (idx + (i < 1 ? 0 : 1)) * 26 + (s.charAt(i) - 'a');
        }
        if (i == 0) {
            return null;
        }
        String partition = s.substring(i);
        if (!partition.isEmpty() && !digits(partition)) {
            return null;
        }
        return new Parsed(0, idx);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() < 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
