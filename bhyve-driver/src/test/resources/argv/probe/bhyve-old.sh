#!/bin/sh
# Answers like an old bhyve: no -u, "-c vcpus" in the usage, no LPC bootrom, an fbuf without
# password support, e1000, and none of ahci (32 ports), xhci, hda, virtio-9p, virtio-rnd.
case "$1 $2" in
  "-h "*)
    cat >&2 <<'USAGE'
Usage: bhyve [-aehwAHIPW] [-g <gdb port>] [-s <pci>] [-S <pci>]
             [-c vcpus] [-p pincpu] [-m mem] <vm>
       -a: local apic is in XAPIC mode (default is X2APIC)
       -A: create an ACPI table
       -g: gdb port
       -c: # cpus (default 1)
       -H: vmexit from the guest on hlt
       -m: memory size in MB
USAGE
    exit 1 ;;
  "-l bootrom")
    echo "bhyve: invalid lpc device configuration 'bootrom'" >&2; exit 1 ;;
  "-s 0,fbuf,password=")
    echo 'Invalid fbuf emulation "password"' >&2; exit 1 ;;
  "-s 0,fbuf"|"-s 0,e1000")
    ;;
  "-s 0,"*)
    echo "pci slot 0:0: unknown device \"${2#0,}\"" >&2; exit 1 ;;
esac
echo "Usage: bhyve [-aehwAHIPW] <vm>" >&2
exit 1
