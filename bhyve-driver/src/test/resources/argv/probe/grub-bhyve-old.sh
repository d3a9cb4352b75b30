#!/bin/sh
cat <<'HELP'
Usage: grub-bhyve [OPTION...] vmname
  -d, --directory=DIR        use GRUB files in the directory DIR
  -m, --device-map=FILE      use FILE as the device map
  -M, --memory=MBYTES        guest RAM in MB
  -r, --root=DEVICE          set root device
HELP
