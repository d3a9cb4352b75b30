package org.bhyvirt.emulator.cli;

import org.bhyvirt.emulator.run.BhyveProcess;

/** {@code bhyve [options] vmname}: parses like bhyve(8), then runs the emulated guest in the foreground. */
public final class Bhyve {
    private Bhyve() {
    }

    /** Entry point of the {@code bhyve} launcher. */
    public static void main(String[] args) {
        Programs.exit("bhyve", 4, () -> BhyveProcess.run(new BhyveOptionParser(System.err).parse(args), System.err));
    }
}
