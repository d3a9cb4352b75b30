package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.ParseOptions;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own golden cases under {@code argv/golden/NAME/}: {@code domain.xml},
 * {@code case.properties} (expect=OK or a libvirt error number, caps=all | all-except:A,B |
 * A,B, grub=CONSDEV or empty, firmware=a folder of argv/golden/firmware, message=the refusal)
 * and, for OK cases, {@code expected.args}, {@code expected.ldargs} (absent for UEFI boot) and
 * {@code expected.devmap}. Taps are {@code tapN} (N = the interface's index), the device.map is
 * {@code /run/NAME-device.map}, and {@code FIRMWARE} in expected text stands for the firmware
 * folder.
 */
class GoldenArgvTest {

    private static Path golden() {
        try {
            return Path.of(GoldenArgvTest.class.getResource("/argv/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(golden())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("case.properties")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase(String name) throws IOException {
        Path dir = golden().resolve(name);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("case.properties"))) {
            props.load(in);
        }
        Path firmwareRoot = golden().resolve("firmware");
        Path firmwareDir = firmwareRoot.resolve(props.getProperty("firmware", "one_firmware"));
        BhyveCapabilities caps = new BhyveCapabilities(bhyveCaps(props.getProperty("caps", "all")),
                grubCaps(props.getProperty("grub", "CONSDEV")), firmwareDir);
        String xml = Files.readString(dir.resolve("domain.xml"));
        ParseOptions options = caps.parseOptions();
        DomainDef def = TestDomains.parse(xml, options);
        BuildContext context = new BuildContext(net -> "tap" + def.devices().interfaces().indexOf(net),
                "/run/" + def.name() + "-device.map", BuildMode.DRY_RUN);
        String expect = props.getProperty("expect");
        String root = firmwareRoot.toString();
        if (!expect.equals("OK")) {
            BhyveDriverException e = assertThrows(BhyveDriverException.class,
                    () -> BhyveCommandBuilder.build(def, caps, context));
            assertEquals(VirErrorNumber.valueOf(expect), e.number());
            assertEquals(props.getProperty("message").replace("FIRMWARE", root), e.getMessage());
            return;
        }
        BhyveCommands commands = BhyveCommandBuilder.build(def, caps, context);
        assertEquals(read(dir, "expected.args").get().replace("FIRMWARE", root),
                ArgvText.format(commands.bhyveArgv()));
        assertEquals(read(dir, "expected.ldargs"), commands.loaderArgv().map(ArgvText::format));
        assertEquals(read(dir, "expected.devmap"), commands.deviceMap());
        assertTrue(commands.bhyveArgv().get(0).equals("bhyve"));
    }

    private static Optional<String> read(Path dir, String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.isRegularFile(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8))
                : Optional.empty();
    }

    private static Set<BhyveCapability> bhyveCaps(String spec) {
        if (spec.equals("all")) {
            return EnumSet.allOf(BhyveCapability.class);
        }
        if (spec.startsWith("all-except:")) {
            Set<BhyveCapability> caps = EnumSet.allOf(BhyveCapability.class);
            caps.removeAll(names(spec.substring("all-except:".length()), BhyveCapability.class));
            return caps;
        }
        return names(spec, BhyveCapability.class);
    }

    private static Set<GrubCapability> grubCaps(String spec) {
        return names(spec, GrubCapability.class);
    }

    private static <E extends Enum<E>> Set<E> names(String list, Class<E> type) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Enum.valueOf(type, s)).collect(Collectors.toCollection(() -> EnumSet.noneOf(type)));
    }
}
