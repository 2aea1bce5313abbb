# sysshim: `make` regenerates every output from spec/ and builds what is
# buildable; `make check` runs every test. Both install missing Debian
# packages first when run as root (and name them otherwise).

SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

SWIFT       ?= swift
SWIFT_FLAGS ?=
BUILD_DIR   ?= build
SYSSHIM      = .build/debug/sysshim

# Debian packages the build and the tests use (checked by `dpkg -s`).
DEB_PACKAGES = gcc make pkg-config python3 mandoc groff-base man-db libclang-dev \
               musl-tools strace valgrind hyperfine

.PHONY: all check deps swift-build generate clean

all: deps swift-build generate

# Installs what is missing when root; otherwise stops with one line naming it.
deps: $(BUILD_DIR)/.deps-ok
$(BUILD_DIR)/.deps-ok: Makefile
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages:$$missing (run: sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema
	@mkdir -p $(BUILD_DIR) && touch $@

# Builds the CLI; any compiler warning in this project's own sources fails.
swift-build: deps
	@mkdir -p $(BUILD_DIR)
	$(SWIFT) build $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-build.log
	@! grep -E "^$(CURDIR)/(Sources|Tests|generated)/.*warning:" $(BUILD_DIR)/swift-build.log

generate: swift-build
	$(SYSSHIM) generate

check: all
	$(SYSSHIM) check
	$(SWIFT) build --build-tests $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-build-tests.log
	@! grep -E "^$(CURDIR)/(Sources|Tests|generated)/.*warning:" $(BUILD_DIR)/swift-build-tests.log
	$(SWIFT) test --skip-build $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-test.log; \
	  status=$$?; grep -q "Test run with [1-9][0-9]* tests" $(BUILD_DIR)/swift-test.log || { echo "no tests ran"; exit 1; }; \
	  exit $$status

clean:
	rm -rf $(BUILD_DIR)

# Man pages: the committed man/man2/*.2 (generated, and kept equal to the
# specs by `sysshim check`), so installing needs no Swift toolchain.
PREFIX      ?= /usr/local
MANDIR      ?= $(PREFIX)/share/man
MAN2_PAGES  := $(sort $(wildcard man/man2/*.2))

.PHONY: install-man uninstall-man

install-man:
	install -d -m 0755 $(DESTDIR)$(MANDIR)/man2
	install -m 0644 $(MAN2_PAGES) $(DESTDIR)$(MANDIR)/man2/

# Removes exactly the pages install-man puts there.
uninstall-man:
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man2/,$(notdir $(MAN2_PAGES)))
