#!/bin/sh
# Answers like a FreeBSD 14 bhyve that has every device: usage on -h, and for a probe with a
# known device the complaint about the missing VM name (usage), all on stderr.
usage() {
cat >&2 <<'USAGE'
Usage: bhyve [-AaCDeHhPSuWwxY]
       [-c [[cpus=]numcpus][,sockets=n][,cores=n][,threads=n]]
       [-G port] [-k config_file] [-l lpc] [-m mem] [-o var=value]
       [-p vcpu:hostcpu] [-r file] [-s pci] [-U uuid] vmname
       -A: create ACPI tables
       -c: number of CPUs and/or topology specification
       -H: vmexit from the guest on HLT
       -l: LPC device configuration
       -m: memory size
       -P: vmexit from the guest on pause
       -s: <slot,driver,configinfo> PCI slot config
       -S: guest memory cannot be paged
       -u: RTC keeps UTC time
       -w: ignore unimplemented MSRs
USAGE
}
usage
exit 1
