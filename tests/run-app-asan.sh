#!/usr/bin/env bash
# Runs the app's test suite under AddressSanitizer and UBSan, on a virtual
# display (docs/reliability.md).
#
#   tests/run-app-asan.sh [BUILD_DIR]     (default build-asan)
#
# BUILD_DIR must be configured with -Db_sanitize=address,undefined
# -Db_lundef=false.  Leaks from GTK's own libraries are suppressed by
# tests/lsan-app.supp; invalid accesses and leaks from the project fail it.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-asan}"

# Full stacks on malloc: GLib has no frame pointers, and the suppressions
# need the frames above g_malloc to tell GTK's allocations from ours.
# That makes the UI tests 20 to 40 times slower (test-window-files takes
# 160 to 310 s, 4 to 12 s without ASan), hence the 20x timeouts.
G_SLICE=always-malloc \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
LSAN_OPTIONS="suppressions=$PWD/tests/lsan-app.supp:print_suppressions=1" \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  xvfb-run -a dbus-run-session -- \
    meson test -C "$build" --suite app --print-errorlogs --timeout-multiplier 20
