#!/bin/sh
cat <<'HELP'
Usage: grub-bhyve [OPTION...] vmname
  -c, --cons-dev=cons-dev    a tty(4) device to use for terminal I/O
  -d, --directory=DIR        use GRUB files in the directory DIR
  -m, --device-map=FILE      use FILE as the device map
  -M, --memory=MBYTES        guest RAM in MB
  -r, --root=DEVICE          set root device
HELP
