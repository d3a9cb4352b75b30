package org.bhyvirt.emulator.cli;

import java.io.PrintStream;

/**
 * POSIX/BSD {@code getopt(3)} over an argument array: single-letter options, clustered flags,
 * option arguments attached or separate, {@code --} ends the options, and scanning stops at the
 * first operand (no GNU permutation). Errors print BSD's messages
 * ({@code prog: illegal option -- x}, {@code prog: option requires an argument -- x}) and return '?'.
 */
public final class Getopt {
    private final String prog;
    private final String[] args;
    private final String optstring;
    private final PrintStream err;
    private int optind;
    private int charIndex = 1;
    private String optarg;

    /** Scans {@code args} with the option letters of {@code optstring} (a letter followed by ':' takes an argument). */
    public Getopt(String prog, String[] args, String optstring, PrintStream err) {
        this.prog = prog;
        this.args = args.clone();
        this.optstring = optstring;
        this.err = err;
    }

    /** The next option letter, '?' on an error, or -1 when the options end. */
    public int next() {
        optarg = null;
        if (charIndex == 1) {
            if (optind >= args.length) {
                return -1;
            }
            String a = args[optind];
            if (a.equals("--")) {
                optind++;
                return -1;
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                return -1;
            }
        }
        String a = args[optind];
        char c = a.charAt(charIndex);
        int at = c == ':' ? -1 : optstring.indexOf(c);
        if (at < 0) {
            err.println(prog + ": illegal option -- " + c);
            advanceChar(a);
            return '?';
        }
        boolean takesArg = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
        if (!takesArg) {
            advanceChar(a);
            return c;
        }
        if (charIndex + 1 < a.length()) {
            optarg = a.substring(charIndex + 1);
            optind++;
        } else if (optind + 1 < args.length) {
            optarg = args[optind + 1];
            optind += 2;
        } else {
            err.println(prog + ": option requires an argument -- " + c);
            optind++;
            charIndex = 1;
            return '?';
        }
        charIndex = 1;
        return c;
    }

    private void advanceChar(String a) {
        charIndex++;
        if (charIndex >= a.length()) {
            charIndex = 1;
            optind++;
        }
    }

    /** The argument of the option last returned, or null. */
    public String optarg() {
        return optarg;
    }

    /** The index of the first argument not yet scanned (the operands start here once {@link #next} returned -1). */
    public int optind() {
        return optind;
    }
}
