#!/bin/sh
# A stand-in for bhyve in host tests: fake-guest.sh MODE NAME
#   exitN   exit with status N at once
#   run     run until SIGTERM (then exit 1 within a second, as bhyve's ACPI power-off)
case "$1" in
    exit*) exit "${1#exit}" ;;
    run)
        # Short sleeps in the foreground: a SIGKILLed stand-in leaves no long-lived child behind
        # (a background "sleep 600" outlived every killed test guest by ten minutes). sh runs the
        # TERM trap once the current sleep ends.
        trap 'exit 1' TERM
        echo "ready $2"
        while :; do sleep 1; done
        ;;
esac
