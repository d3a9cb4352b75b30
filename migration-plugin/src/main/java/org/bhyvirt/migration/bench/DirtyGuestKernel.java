package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The shared QEMU bench's writing guest ({@code guest/dirty.elf}: a multiboot program that rewrites a
 * working set at a set rate of pages per second), built once per workspace from the tool's sources with
 * the same gcc and ld commands as {@code qemu_dirty_bench.sh}, and its kernel command line.
 */
final class DirtyGuestKernel {
    private final Path sources;
    private Path built;

    /** The kernel built from {@code sources} (the tool's guest/ directory). */
    DirtyGuestKernel(Path sources) {
        this.sources = sources;
    }

    /** The built dirty.elf in the workspace (building it the first time). */
    synchronized Path elf(BenchWorkspace ws) throws IOException, InterruptedException {
        if (built != null && Files.exists(built)) {
            return built;
        }
        Path dir = Files.createDirectories(ws.dir().resolve("dirty-guest"));
        for (String f : List.of("boot.S", "dirty.c", "link.ld")) {
            Files.copy(sources.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cflags = List.of("-m32", "-march=i686", "-O2", "-ffreestanding", "-fno-pic", "-fno-pie",
                "-fno-stack-protector", "-nostdlib", "-c");
        exec(dir, concat(List.of("gcc"), cflags, List.of("boot.S", "-o", "boot.o")));
        exec(dir, concat(List.of("gcc"), cflags, List.of("dirty.c", "-o", "dirty.o")));
        exec(dir, List.of("ld", "-m", "elf_i386", "-T", "link.ld", "-z", "noexecstack", "-o", "dirty.elf", "boot.o", "dirty.o"));
        built = dir.resolve("dirty.elf");
        return built;
    }

    /** The guest's command line: {@code wssMiB} MiB working set from 64 MiB, {@code pagesPerSecond} pages/s. */
    static String append(long wssMiB, long pagesPerSecond) throws IOException {
        long tscKhz = -1;
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("cpu MHz")) {
                tscKhz = (long) (Double.parseDouble(l.substring(l.indexOf(':') + 1).strip()) * 1000);
                break;
            }
        }
        if (tscKhz <= 0) {
            throw new IOException("no 'cpu MHz' in /proc/cpuinfo to pace the writing guest");
        }
        return String.format(Locale.ROOT, "wss=%d base=64 tsc_khz=%d rate=%d", wssMiB, tscKhz, pagesPerSecond);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    private static void exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("build.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("build.log")).strip());
        }
    }
}
