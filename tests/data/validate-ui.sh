#!/bin/sh
# Validates one .ui file with gtk4-builder-tool (tests/data/meson.build).
# GTK 4.8's tool builds the widgets to validate them and crashes without a
# display, so without one the test is skipped (status 77) with the reason,
# rather than failing for a reason that is not the file's.
#   validate-ui.sh BUILDER_TOOL FILE
if [ -z "$DISPLAY" ] && [ -z "$WAYLAND_DISPLAY" ]; then
  echo "skipped: gtk4-builder-tool needs a display (run under xvfb-run, as make test does)"
  exit 77
fi
exec "$1" validate "$2"
