#!/bin/sh
# A stand-in for bhyve in host tests: fake-guest.sh MODE NAME
#   exitN   exit with status N at once
#   run     run until SIGTERM (then exit 1, as bhyve's ACPI power-off)
case "$1" in
    exit*) exit "${1#exit}" ;;
    run)
        trap 'exit 1' TERM
        sleep 600 &
        child=$!
        trap 'kill $child 2>/dev/null; exit 1' TERM
        echo "ready $2"
        wait $child
        ;;
esac
