package org.bhyvirt.driver.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ConformanceCommand DIR [--verbose]}: runs every case of a libvirt bhyvexml2argv-style folder
 * ({@link ConformanceRunner}), prints {@code PASS name} or {@code FAIL name: <first difference>}
 * per case and the last line {@code N passed, N failed}, and exits 1 if any case failed (2 for
 * a usage error). With {@code --verbose}, how each case passed (which stage refused it, or that
 * its output matched) goes to standard error.
 */
public final class ConformanceCommand {

    private ConformanceCommand() {
    }

    public static void main(String[] args) {
        boolean verbose = args.length == 2 && args[1].equals("--verbose");
        if (args.length != 1 && !verbose) {
            System.err.println("usage: conformance DIR [--verbose]   (DIR holds cases.tsv and bhyvexml2argv-* files)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (!Files.isRegularFile(dir.resolve("cases.tsv"))) {
            System.err.println("conformance: " + dir + " has no cases.tsv");
            System.exit(2);
        }
        int failed = new ConformanceRunner(dir, DomainXmlCodec.standard())
                .runAll(System.out, verbose ? System.err : null);
        System.exit(failed == 0 ? 0 : 1);
    }
}
