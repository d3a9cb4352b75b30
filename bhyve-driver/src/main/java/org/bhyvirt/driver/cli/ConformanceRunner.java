package org.bhyvirt.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.argv.ArgvText;
import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCommandBuilder;
import org.bhyvirt.driver.argv.BhyveCommands;
import org.bhyvirt.driver.argv.BuildContext;
import org.bhyvirt.driver.argv.BuildMode;
import org.bhyvirt.driver.argv.PreparedDomain;
import org.bhyvirt.driver.domain.def.Devices;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.GraphicsDef;
import org.bhyvirt.driver.domain.def.LoaderDef;
import org.bhyvirt.driver.domain.def.OsDef;
import org.bhyvirt.driver.domain.def.ParseOptions;
import org.bhyvirt.driver.error.BhyveDriverException;

/**
 * Runs the cases of a folder laid out like libvirt's bhyvexml2argv test data (see the folder's
 * README): each {@code cases.tsv} row, in order, through the three stages of libvirt's harness —
 * parse the XML, prepare the domain (firmware autoselection), build the bhyve and loader commands
 * — and compares the {@code .args}, {@code .ldargs} and {@code .devmap} files exactly, and the
 * formatted inactive XML with {@code xml2xml/bhyvexml2xmlout-NAME.xml} when that file exists.
 *
 * <p>It reproduces the fixtures of libvirt's harness: every tap is {@code faketapdev}, the
 * device.map path is {@code <device.map>}, a UEFI-booted guest's loader line is {@code dummy},
 * an autoport VNC server gets the first port of libvirt's range (5900), and the firmware
 * directory is named as libvirt's harness names it ({@code fakefirmwaredir} for
 * {@code firmware/three_firmwares}, {@code fakefirmwareemptydir} for {@code firmware/empty}).
 * Generated MAC addresses ({@code 52:54:00:00:00:00}) come from the parser's fixed generator.
 *
 * <p>A PARSE_ERROR case passes only when the XML is refused; a PREPARE_ERROR case only when
 * preparing fails; a FAIL case when the parse or the build is refused, or — only for rows whose
 * note says {@code lenient}, as libvirt's own harness accepts — when the build succeeds with
 * exactly the expected files.
 */
final class ConformanceRunner {

    /** One case's verdict: passed, or the first difference. */
    record Verdict(String name, boolean passed, String detail, boolean lenientPass) {
        String line() {
            return passed ? "PASS " + name : "FAIL " + name + ": " + detail;
        }
    }

    private static final String FAKE_TAP = "faketapdev";
    private static final String FAKE_DEVICE_MAP = "<device.map>";
    private static final int FIRST_VNC_PORT = 5900;

    private final Path dir;
    private final DomainXmlCodec codec;

    ConformanceRunner(Path dir, DomainXmlCodec codec) {
        this.dir = dir;
        this.codec = codec;
    }

    /** Runs every row, printing one line per case and the summary; returns the number of failures. */
    int runAll(PrintStream out) {
        return runAll(out, null);
    }

    /**
     * As {@link #runAll(PrintStream)}, and when {@code details} is not null, how each case passed
     * (the stage that refused it, or that its output matched) goes there.
     */
    int runAll(PrintStream out, PrintStream details) {
        List<ConformanceCase> cases = ConformanceCase.parseTsv(readLines(dir.resolve("cases.tsv")));
        int passed = 0;
        int failed = 0;
        for (ConformanceCase c : cases) {
            Verdict verdict = run(c);
            out.println(verdict.line());
            if (details != null && verdict.passed()) {
                details.println("  " + verdict.name() + ": " + verdict.detail());
            }
            if (verdict.passed()) {
                passed++;
            } else {
                failed++;
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed;
    }

    Verdict run(ConformanceCase c) {
        try {
            return runStages(c);
        } catch (RuntimeException e) {
            return fail(c, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Verdict runStages(ConformanceCase c) {
        Path firmwareDir = firmwareDir(c.firmwareDir());
        BhyveCapabilities caps = new BhyveCapabilities(c.bhyveCaps(), c.grubCaps(), firmwareDir);
        ParseOptions options = caps.parseOptions();

        DomainDef def;
        try {
            def = codec.parse(read(dir.resolve("bhyvexml2argv-" + c.name() + ".xml")), options);
        } catch (BhyveDriverException e) {
            if (c.expect() == ExpectedOutcome.PARSE_ERROR || c.expect() == ExpectedOutcome.FAIL) {
                return pass(c, "refused by the parser: " + e.number() + ": " + e.getMessage());
            }
            return fail(c, "the XML was refused: " + e.getMessage());
        }
        if (c.expect() == ExpectedOutcome.PARSE_ERROR) {
            return fail(c, "expected the XML to be refused, but it was accepted");
        }
        Optional<String> xmlDifference = compareXml(c, def);
        if (xmlDifference.isPresent()) {
            return fail(c, xmlDifference.get());
        }

        PreparedDomain prepared;
        try {
            prepared = BhyveCommandBuilder.prepare(def, caps);
        } catch (BhyveDriverException e) {
            if (c.expect() == ExpectedOutcome.PREPARE_ERROR) {
                return pass(c, "refused by prepare: " + e.number() + ": " + e.getMessage());
            }
            return fail(c, "preparing the domain failed: " + e.getMessage());
        }
        if (c.expect() == ExpectedOutcome.PREPARE_ERROR) {
            return fail(c, "expected preparing the domain to fail, but it succeeded");
        }
        prepared = withHarnessFixtures(prepared, firmwareDir, c.firmwareDir());

        BhyveCommands commands;
        try {
            commands = BhyveCommandBuilder.build(prepared, caps,
                    new BuildContext(net -> FAKE_TAP, FAKE_DEVICE_MAP, BuildMode.START));
        } catch (BhyveDriverException e) {
            if (c.expect() == ExpectedOutcome.FAIL) {
                return pass(c, "refused by the command builder: " + e.number() + ": " + e.getMessage());
            }
            return fail(c, "the commands were refused: " + e.getMessage());
        }
        Optional<String> difference = compareCommands(c, commands);
        if (c.expect() == ExpectedOutcome.FAIL) {
            if (c.lenient() && difference.isEmpty()) {
                return new Verdict(c.name(), true, "lenient: built, output equals the files", true);
            }
            return fail(c, "expected the commands to be refused, but they were built"
                    + difference.map(d -> " (" + d + ")").orElse(""));
        }
        return difference.map(d -> fail(c, d)).orElseGet(() -> pass(c, "built, output equals the files"));
    }

    private Optional<String> compareXml(ConformanceCase c, DomainDef def) {
        Path expected = dir.resolve("xml2xml").resolve("bhyvexml2xmlout-" + c.name() + ".xml");
        if (!Files.isRegularFile(expected)) {
            return Optional.empty();
        }
        return TextDiff.firstDifference(expected.getFileName().toString(), read(expected), codec.formatInactive(def));
    }

    private Optional<String> compareCommands(ConformanceCase c, BhyveCommands commands) {
        String base = "bhyvexml2argv-" + c.name();
        Optional<String> args = compareFile(base + ".args", ArgvText.format(commands.bhyveArgv()));
        if (args.isPresent()) {
            return args;
        }
        String ldargs = commands.loaderArgv().map(ArgvText::format).orElse("dummy\n");
        Optional<String> ld = compareFile(base + ".ldargs", ldargs);
        if (ld.isPresent()) {
            return ld;
        }
        Path devmap = dir.resolve(base + ".devmap");
        if (Files.isRegularFile(devmap) || commands.deviceMap().isPresent()) {
            if (!Files.isRegularFile(devmap)) {
                return Optional.of(base + ".devmap is missing but a device.map was built: "
                        + commands.deviceMap().get().strip());
            }
            if (commands.deviceMap().isEmpty()) {
                return Optional.of(base + ".devmap exists but no device.map was built");
            }
            String expected = read(devmap);
            String actual = commands.deviceMap().get().strip();
            if (expected.endsWith("\n")) {
                actual += "\n";
            }
            return TextDiff.firstDifference(base + ".devmap", expected, actual);
        }
        return Optional.empty();
    }

    private Optional<String> compareFile(String name, String actual) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.of(name + " is missing");
        }
        return TextDiff.firstDifference(name, read(file), actual);
    }

    /** The firmware path under libvirt's harness name, and libvirt's first autoport. */
    private static PreparedDomain withHarnessFixtures(PreparedDomain prepared, Path firmwareDir, String harnessName) {
        DomainDef def = prepared.def();
        if (prepared.firmware().isPresent()) {
            OsDef os = def.os();
            LoaderDef loader = os.loader();
            String shown = harnessName + "/" + prepared.firmware().get().getFileName();
            def = def.withOs(new OsDef(os.type(), os.arch(), os.machine(), os.firmware(),
                    new LoaderDef(shown, loader.readonly(), loader.secure(), loader.type()), os.nvram(),
                    os.bootloader(), os.bootloaderArgs(), os.bootDevices()));
        }
        Devices d = def.devices();
        if (d.graphics().stream().anyMatch(g -> g.autoport() && g.port() < FIRST_VNC_PORT)) {
            List<GraphicsDef> graphics = d.graphics().stream()
                    .map(g -> g.autoport() && g.port() < FIRST_VNC_PORT
                            ? new GraphicsDef(g.type(), FIRST_VNC_PORT, true, g.websocket(), g.password(), g.listens())
                            : g)
                    .toList();
            def = def.withDevices(new Devices(d.emulator(), d.disks(), d.controllers(), d.filesystems(),
                    d.interfaces(), d.serials(), d.consoles(), d.inputs(), graphics, d.sounds(), d.audios(),
                    d.videos(), d.rngs()));
        }
        return new PreparedDomain(def, prepared.firmware());
    }

    private Path firmwareDir(String harnessName) {
        return switch (harnessName) {
            case "fakefirmwaredir" -> dir.resolve("firmware").resolve("three_firmwares");
            case "fakefirmwareemptydir" -> dir.resolve("firmware").resolve("empty");
            default -> dir.resolve(harnessName);
        };
    }

    private static Verdict pass(ConformanceCase c, String how) {
        return new Verdict(c.name(), true, how, false);
    }

    private static Verdict fail(ConformanceCase c, String detail) {
        return new Verdict(c.name(), false, detail, false);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
