package org.bhyvirt.emulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bhyvirt.emulator.control.ControlClient;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * {@code bhyvectl --vm=NAME [--destroy] [--checkpoint=FILE] [--suspend=FILE] [--migrate[-live]=HOST[,PORT]]}. Destroy kills the VM's
 * bhyve if one still runs and removes the VM; checkpoint and suspend ask the running bhyve (over its
 * control socket) to write FILE, FILE.kern and FILE.meta and wait for the result. Errors print a
 * message and exit 1, as bhyvectl does.
 */
public final class Bhyvectl {
    private static final String USAGE = "Usage: bhyvectl --vm=<vmname>\n"
            + "       [--destroy]\n"
            + "       [--checkpoint=<filename>]\n"
            + "       [--suspend=<filename>]\n"
            + "       [--migrate=<host>,<port>]\n"
            + "       [--migrate-live=<host>,<port>]";

    private Bhyvectl() {
    }

    /** Entry point of the {@code bhyvectl} launcher. */
    public static void main(String[] args) {
        Programs.exit("bhyvectl", 1, () -> run(args));
    }

    static int run(String[] args) throws IOException, InterruptedException {
        String vm = null;
        boolean destroy = false;
        String checkpoint = null;
        String suspend = null;
        String migrate = null;
        boolean live = false;
        for (String a : args) {
            if (a.startsWith("--vm=")) {
                vm = a.substring(5);
            } else if (a.equals("--destroy")) {
                destroy = true;
            } else if (a.startsWith("--checkpoint=")) {
                checkpoint = a.substring(13);
            } else if (a.startsWith("--suspend=")) {
                suspend = a.substring(10);
            } else if (a.startsWith("--migrate=") || a.startsWith("--migrate-live=")) {
                live = a.startsWith("--migrate-live=");
                migrate = a.substring(a.indexOf('=') + 1);
            } else {
                throw new ExitException(1, "bhyvectl: unrecognized option `" + a + "'\n" + USAGE);
            }
        }
        if (vm == null || vm.isEmpty() || (!destroy && checkpoint == null && suspend == null && migrate == null)
                || (checkpoint != null && suspend != null)) {
            throw new ExitException(1, USAGE);
        }
        VmPaths paths = VmPaths.of(vm);
        if (!VmPaths.validName(vm) || !paths.exists()) {
            throw new ExitException(1, "vm_open: " + vm + " could not be opened: No such file or directory");
        }
        if (migrate != null) {
            requestMigration(paths, migrate, live);
        }
        if (checkpoint != null || suspend != null) {
            boolean stop = suspend != null;
            String file = Path.of(stop ? suspend : checkpoint).toAbsolutePath().toString();
            Optional<ProcessHandle> bhyve = runningBhyve(paths);
            Map<String, Object> answer;
            try {
                answer = ControlClient.request(paths.controlSocket(), stop ? "suspend" : "checkpoint", file);
            } catch (IOException e) {
                throw new ExitException(1, "bhyvectl: cannot reach the bhyve of " + vm + ": " + e.getMessage());
            }
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new ExitException(1, "bhyvectl: " + (stop ? "suspend" : "checkpoint") + " of " + vm + " failed: "
                        + answer.get("error"));
            }
            if (stop && bhyve.isPresent()) {
                awaitExit(bhyve.get(), vm);
            }
        }
        if (destroy) {
            destroy(paths);
        }
        return 0;
    }

    /**
     * {@code --migrate[-live]=host[,port]}: hands the request to the running bhyve and returns at once (exit 0 =
     * request delivered; the migration's outcome shows only in the bhyve processes' exits and output).
     */
    private static void requestMigration(VmPaths paths, String spec, boolean live) {
        org.bhyvirt.emulator.migration.MigrationAddress to;
        try {
            to = org.bhyvirt.emulator.migration.MigrationAddress.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new ExitException(1, e.getMessage());
        }
        String command = live ? "migrate-live" : "migrate";
        Map<String, Object> answer;
        try {
            answer = ControlClient.request(paths.controlSocket(), command, to.spec());
        } catch (IOException e) {
            throw new ExitException(1, "bhyvectl: cannot reach the bhyve of " + paths.name() + ": " + e.getMessage());
        }
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new ExitException(1, "bhyvectl: " + command + " of " + paths.name() + " refused: " + answer.get("error"));
        }
    }

    private static Optional<ProcessHandle> runningBhyve(VmPaths paths) {
        try {
            long pid = Long.parseLong(Files.readString(paths.pid()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains("org.bhyvirt.emulator")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void awaitExit(ProcessHandle bhyve, String vm) throws InterruptedException {
        try {
            bhyve.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ExitException(1, "bhyvectl: the bhyve of " + vm + " did not end after suspending");
        }
    }

    private static void destroy(VmPaths paths) throws IOException, InterruptedException {
        Optional<ProcessHandle> h = runningBhyve(paths);
        if (h.isPresent()) {
            h.get().destroyForcibly();
            try {
                h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new ExitException(1, "bhyvectl: the bhyve of " + paths.name() + " (pid " + h.get().pid()
                        + ") did not end");
            }
        }
        paths.removeAll();
    }
}
