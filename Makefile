# Two commands for a newcomer on Debian 12: `make run` and `make test`.
# Both install what is missing, configure once, build what changed.

BUILD ?= build
MESON_SETUP_ARGS ?=
PACKAGES := build-essential meson ninja-build pkg-config libglib2.0-dev libglib2.0-bin \
	libgtk-4-dev libgtk-4-bin libadwaita-1-dev libsqlite3-dev gettext desktop-file-utils \
	appstream xvfb xauth dbus python3

.PHONY: run test bench build deps clean

# Asks dpkg once for every package, so that nothing-to-do costs milliseconds.
deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${Status}\n' $(PACKAGES) 2>/dev/null \
	  | awk '$$NF == "installed" { print $$1 }' | sort | comm -13 - $$(printf '%s\n' $(PACKAGES) | sort > .packages.tmp; echo .packages.tmp)); \
	rm -f .packages.tmp; \
	if [ -n "$$missing" ]; then \
	  missing=$$(echo $$missing); \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Memsim needs Debian packages that are missing; as root, run:"; \
	    echo "  apt-get install -y $$missing"; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_SETUP_ARGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@if [ -z "$${DISPLAY}$${WAYLAND_DISPLAY}" ]; then \
	  echo "There is no display to show Memsim's window on; try instead:"; \
	  echo "  xvfb-run -a env GSETTINGS_SCHEMA_DIR=$(BUILD)/data $(BUILD)/src/memsim   (a virtual display)"; \
	  echo "  $(BUILD)/src/cli/memsim-cli --help   (everything from the command line)"; \
	  exit 1; \
	fi
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data $(BUILD)/src/memsim

test: build
	xvfb-run -a dbus-run-session -- meson test -C $(BUILD) --print-errorlogs

bench: build
	$(BUILD)/src/cli/memsim-cli bench

clean:
	rm -rf $(BUILD) build-asan
