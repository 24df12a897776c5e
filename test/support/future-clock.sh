#!/bin/sh
# Runs a command with the process clock shifted (default: two years ahead), through Debian's
# libfaketime, preloaded here rather than through the `faketime` wrapper: the wrapper waits for
# every process its command started, so a daemon (a database, a browser's helper) would hold it
# open for ever.
lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "future-clock: libfaketime is missing (apt-get install faketime)" >&2; exit 1; }
LD_PRELOAD=$lib FAKETIME=${FAKETIME:-+2y} exec "$@"
