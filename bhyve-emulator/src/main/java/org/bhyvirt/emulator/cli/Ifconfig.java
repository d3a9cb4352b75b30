package org.bhyvirt.emulator.cli;

import java.io.IOException;
import org.bhyvirt.emulator.net.HostInterfaces;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * The subset of FreeBSD's ifconfig(8) that libvirt's bhyve driver uses for bridged interfaces, on the
 * emulated host's interfaces ({@link HostInterfaces}): {@code ifconfig tap|bridge create} (prints the new
 * name), {@code ifconfig tapN|bridgeN create}, {@code ifconfig IF destroy}, {@code ifconfig IF up|down},
 * {@code ifconfig BRIDGE addm IF} / {@code deletem IF}, {@code ifconfig IF} (shows it), {@code ifconfig -l}.
 * Errors print ifconfig's messages and exit 1.
 */
public final class Ifconfig {
    private Ifconfig() {
    }

    /** Entry point of the {@code ifconfig} launcher. */
    public static void main(String[] args) {
        Programs.exit("ifconfig", 1, () -> run(args));
    }

    static int run(String[] args) throws IOException {
        HostInterfaces net = new HostInterfaces(VmPaths.currentEmuDir());
        if (args.length == 1 && args[0].equals("-l")) {
            System.out.println(String.join(" ", net.list()));
            return 0;
        }
        if (args.length == 0) {
            throw new ExitException(1, "usage: ifconfig [-l] | interface [create|destroy|up|down|addm IF|deletem IF]");
        }
        String ifname = args[0];
        if (args.length == 2 && args[1].equals("create")) {
            if (ifname.equals("tap") || ifname.equals("bridge")) {
                System.out.println(net.createNext(ifname));
                return 0;
            }
            if (!HostInterfaces.clonerName(ifname)) {
                throw new ExitException(1, "ifconfig: SIOCIFCREATE2 (" + ifname + "): Invalid argument");
            }
            if (!net.create(ifname)) {
                throw new ExitException(1, "ifconfig: SIOCIFCREATE2 (" + ifname + "): File exists");
            }
            System.out.println(ifname);
            return 0;
        }
        if (!net.exists(ifname)) {
            throw new ExitException(1, "ifconfig: interface " + ifname + " does not exist");
        }
        if (args.length == 1) {
            System.out.println(ifname + ": flags=" + (net.isUp(ifname) ? "UP" : "DOWN")
                    + (ifname.startsWith("bridge") ? " members=" + String.join(",", net.members(ifname)) : ""));
            return 0;
        }
        switch (args[1]) {
            case "destroy" -> net.destroy(ifname);
            case "up" -> net.setUp(ifname, true);
            case "down" -> net.setUp(ifname, false);
            case "addm", "deletem" -> {
                if (args.length != 3) {
                    throw new ExitException(1, "ifconfig: " + args[1] + ": missing argument");
                }
                if (!ifname.startsWith("bridge")) {
                    throw new ExitException(1, "ifconfig: " + args[1] + " " + args[2] + ": Invalid argument");
                }
                if (!net.exists(args[2])) {
                    throw new ExitException(1, "ifconfig: interface " + args[2] + " does not exist");
                }
                if (args[1].equals("addm")) {
                    net.addMember(ifname, args[2]);
                } else if (!net.deleteMember(ifname, args[2])) {
                    throw new ExitException(1, "ifconfig: BRDGDEL " + args[2] + ": No such file or directory");
                }
            }
            default -> throw new ExitException(1, "ifconfig: " + args[1] + ": bad value");
        }
        return 0;
    }
}
