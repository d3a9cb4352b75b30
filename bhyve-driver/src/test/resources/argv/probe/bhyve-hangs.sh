#!/bin/sh
# A bhyve that never answers.
exec sleep 60
