# Two commands for a newcomer on Debian 12: `make run` and `make test`.
# Both install what is missing, configure once, build what changed.
# (Also: `make bench`, `make fuzz`, `make clean`.)

SHELL := /bin/bash
BUILD ?= build
MESON_SETUP_ARGS ?=
PACKAGES := build-essential meson ninja-build pkg-config libglib2.0-dev libglib2.0-bin \
	libgtk-4-dev libgtk-4-bin libadwaita-1-dev libsqlite3-dev libcairo2-dev gettext desktop-file-utils \
	appstream xvfb xauth dbus python3
RUN_ENV := GSETTINGS_SCHEMA_DIR=$(BUILD)/data
# `make fuzz` only (docs/reliability.md): libFuzzer comes with clang.
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: run test bench fuzz build deps clean screenshots

# One dpkg-query for every package, so that nothing-to-do costs milliseconds.
deps:
	@installed=" $$(dpkg-query -W -f='$${Package} $${Status}\n' $(PACKAGES) 2>/dev/null \
	  | awk '$$NF == "installed" { printf "%s ", $$1 }')"; \
	missing=""; \
	for package in $(PACKAGES); do \
	  case "$$installed" in *" $$package "*) ;; *) missing="$$missing $$package" ;; esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "There is no sudo to install them with; as root, run:"; \
	    echo "  apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_SETUP_ARGS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

run: build
	@if [ -z "$${DISPLAY}$${WAYLAND_DISPLAY}" ]; then \
	  echo "There is no display to show Memsim's window on (DISPLAY and WAYLAND_DISPLAY are empty); try instead:"; \
	  echo "  xvfb-run -a env $(RUN_ENV) $(BUILD)/src/memsim   # the app on a virtual display"; \
	  echo "  $(BUILD)/src/cli/memsim-cli --help   # everything from the command line"; \
	  exit 1; \
	fi
	$(RUN_ENV) $(BUILD)/src/memsim

test: build
	xvfb-run -a dbus-run-session -- meson test -C $(BUILD) --print-errorlogs

bench: build
	$(BUILD)/src/cli/memsim-cli bench
	@# The charts' and the memory map's frame times need a display: a
	@# virtual one when there is none (docs/charts.md, docs/memory-map.md).
	@if [ -n "$${DISPLAY}$${WAYLAND_DISPLAY}" ]; then \
	  GSK_RENDERER=cairo $(BUILD)/tests/app/bench-charts; \
	  GSK_RENDERER=cairo $(BUILD)/tests/app/bench-memory-map; \
	else \
	  xvfb-run -a env GSK_RENDERER=cairo $(BUILD)/tests/app/bench-charts; \
	  xvfb-run -a env GSK_RENDERER=cairo $(BUILD)/tests/app/bench-memory-map; \
	fi

# The README's screenshots, drawn by the app itself (memsim --screenshot)
# on a virtual display, in the light and the dark style.
SHOT_ENV := GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$(BUILD)/data GSK_RENDERER=cairo
SHOT_RUN := xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env $(SHOT_ENV) $(BUILD)/src/memsim
screenshots: build
	$(SHOT_RUN) --style light --view processes --screenshot docs/screenshots/light.png docs/screenshots/demo.msim
	$(SHOT_RUN) --style dark --view activity --screenshot docs/screenshots/dark.png docs/screenshots/demo.msim

# Each libFuzzer target for FUZZ_SECONDS, in its own clang build directory
# (ninja itself builds them, so that a meson.build changed since the setup
# is re-read first).
fuzz:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) $(FUZZ_PACKAGES)"
	@if [ ! -f $(FUZZ_BUILD)/build.ninja ]; then \
	  CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true $(MESON_SETUP_ARGS); \
	fi
	ninja -C $(FUZZ_BUILD) fuzzers
	tests/fuzz/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) build-asan
