package org.bhyvirt.driver.argv;

import java.util.List;

/**
 * Formats a command line as libvirt's test suite prints it ({@code virCommandToStringFull} with
 * line breaks and the path stripped): the basename of argv[0], then every argument after
 * {@code " \\\n"}, except that an argument not starting with {@code -} stays on the line of the
 * option right before it; the text ends with a newline. Arguments are shell-quoted as libvirt's
 * {@code virBufferEscapeShell} does. {@link #oneLine} gives the single-line form
 * {@code virsh domxml-to-native} prints.
 */
public final class ArgvText {

    private static final String SPECIAL = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";

    private ArgvText() {
    }

    /** The multi-line text of {@code argv}, as in the {@code .args} and {@code .ldargs} files. */
    public static String format(List<String> argv) {
        requireProgram(argv);
        StringBuilder text = new StringBuilder(quote(basename(argv.get(0))));
        boolean previousIsOption = false;
        for (String argument : argv.subList(1, argv.size())) {
            text.append(' ');
            boolean isOption = argument.startsWith("-");
            if (isOption || !previousIsOption) {
                text.append("\\\n");
            }
            previousIsOption = isOption;
            text.append(quote(argument));
        }
        return text.append('\n').toString();
    }

    /** The single-line text of {@code argv}, program path kept, each argument shell-quoted. */
    public static String oneLine(List<String> argv) {
        requireProgram(argv);
        StringBuilder text = new StringBuilder();
        for (String argument : argv) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(quote(argument));
        }
        return text.toString();
    }

    /** {@code argument} quoted for a POSIX shell the way libvirt does it. */
    public static String quote(String argument) {
        if (argument.isEmpty()) {
            return "''";
        }
        boolean plain = argument.chars().noneMatch(c -> SPECIAL.indexOf(c) >= 0);
        if (plain) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static String basename(String program) {
        int slash = program.lastIndexOf('/');
        return slash >= 0 ? program.substring(slash + 1) : program;
    }

    private static void requireProgram(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command line needs at least the program");
        }
    }
}
