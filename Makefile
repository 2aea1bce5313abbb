# sysshim: `make` regenerates every output from spec/ and builds what is
# buildable; `make check` runs every test. Both install missing Debian
# packages first when run as root (and name them otherwise).

SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

SWIFT       ?= swift
SWIFT_FLAGS ?=
BUILD_DIR   ?= build
SYSSHIM      = .build/debug/sysshim
VERSION     := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/SyscallGen/ProjectVersion.swift)

# The C library, built from generated/c. CC=musl-gcc BUILD_DIR=build/musl
# builds the musl variant beside the default one.
CC          ?= cc
AR          ?= ar
CFLAGS      ?= -O2 -g
SHIM_CFLAGS  = -std=gnu11 -Wall -Wextra -Werror -fPIC -fno-plt -Igenerated/c/include
SHIM_SOURCES = $(sort $(wildcard generated/c/src/*.c))
SHIM_OBJECTS = $(patsubst generated/c/src/%.c,$(BUILD_DIR)/obj/%.o,$(SHIM_SOURCES))
SONAME       = libsysshim.so.1

# Argument tests (generated/tests): one program per call, run against the
# running kernel. ARGTEST_FLAGS is passed to each (see a program's --help).
ARGTEST_SOURCES  = $(sort $(wildcard generated/tests/*_args.c))
ARGTEST_PROGRAMS = $(patsubst generated/tests/%.c,$(BUILD_DIR)/tests/%,$(ARGTEST_SOURCES))
ARGTEST_FLAGS   ?= --quiet

# Installation (FHS); packagers set PREFIX, LIBDIR and DESTDIR.
PREFIX      ?= /usr/local
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
INSTALL     ?= install

# Debian packages the build and the tests use (checked by `dpkg -s`).
DEB_PACKAGES = gcc g++ make pkg-config python3 mandoc groff-base man-db libclang-dev \
               musl-tools strace valgrind hyperfine time

.PHONY: all check bench validate deps swift-build generate lib shim-lib argtest-programs argtests install uninstall clean

all: deps swift-build generate lib

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
	@# Debian's own python3 refuses plain pip installs (PEP 668); others take them.
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema 2>/dev/null \
	  || python3 -m pip install -q --break-system-packages jsonschema
	@mkdir -p $(BUILD_DIR) && touch $@

# Builds the CLI; any compiler warning in this project's own sources fails.
swift-build: deps
	@mkdir -p $(BUILD_DIR)
	$(SWIFT) build $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-build.log
	@! grep -E "^$(CURDIR)/(Sources|Tests|generated)/.*warning:" $(BUILD_DIR)/swift-build.log

generate: swift-build
	$(SYSSHIM) generate

# Re-entered so that the wildcard sees the sources `generate` just wrote.
lib: generate
	@$(MAKE) --no-print-directory shim-lib argtest-programs

shim-lib: $(BUILD_DIR)/lib/libsysshim.a $(BUILD_DIR)/lib/$(SONAME) $(BUILD_DIR)/lib/sysshim.pc

$(BUILD_DIR)/obj/%.o: generated/c/src/%.c $(wildcard generated/c/include/sysshim/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SHIM_CFLAGS) -c $< -o $@

$(BUILD_DIR)/lib/libsysshim.a: $(SHIM_OBJECTS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# Only the namespaced sysshim_* symbols are exported (generated/c/sysshim.map).
$(BUILD_DIR)/lib/$(SONAME): $(SHIM_OBJECTS) generated/c/sysshim.map
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=generated/c/sysshim.map \
	  -Wl,-z,defs -o $@ $(SHIM_OBJECTS)
	ln -sf $(SONAME) $(BUILD_DIR)/lib/libsysshim.so

argtest-programs: $(ARGTEST_PROGRAMS)

$(BUILD_DIR)/tests/%: generated/tests/%.c generated/tests/argtest.h $(BUILD_DIR)/lib/libsysshim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Igenerated/c/include -Igenerated/tests $< $(BUILD_DIR)/lib/libsysshim.a -o $@

# Runs every call's argument tests; a call the kernel lacks (exit 77) is skipped, not failed.
argtests: shim-lib argtest-programs
	@status=0; for program in $(ARGTEST_PROGRAMS); do \
	  $$program $(ARGTEST_FLAGS); result=$$?; \
	  if [ $$result -ne 0 ] && [ $$result -ne 77 ]; then status=1; fi; \
	done; exit $$status

$(BUILD_DIR)/lib/sysshim.pc: generated/c/sysshim.pc.in Makefile
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' $< > $@

# Headers, libraries, pkg-config file and man pages, in FHS places under DESTDIR.
install: shim-lib install-man
	cd generated/c/include && for f in sysshim.h $$(find sysshim -name '*.h' | sort); do \
	  $(INSTALL) -D -m 0644 $$f $(DESTDIR)$(INCLUDEDIR)/$$f || exit 1; done
	$(INSTALL) -D -m 0644 $(BUILD_DIR)/lib/libsysshim.a $(DESTDIR)$(LIBDIR)/libsysshim.a
	$(INSTALL) -D -m 0755 $(BUILD_DIR)/lib/$(SONAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsysshim.so
	$(INSTALL) -D -m 0644 $(BUILD_DIR)/lib/sysshim.pc $(DESTDIR)$(LIBDIR)/pkgconfig/sysshim.pc

# Removes exactly what install put there, and the directories it made if empty.
uninstall: uninstall-man
	cd generated/c/include && for f in sysshim.h $$(find sysshim -name '*.h' | sort); do \
	  rm -f $(DESTDIR)$(INCLUDEDIR)/$$f; done
	-cd $(DESTDIR)$(INCLUDEDIR) 2>/dev/null && find sysshim -depth -type d -empty -delete 2>/dev/null
	rm -f $(DESTDIR)$(LIBDIR)/libsysshim.a $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libsysshim.so \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/sysshim.pc
	-rmdir $(DESTDIR)$(LIBDIR)/pkgconfig 2>/dev/null

check: all
	$(SYSSHIM) check
	$(SYSSHIM) validate
	$(SWIFT) build --build-tests $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-build-tests.log
	@! grep -E "^$(CURDIR)/(Sources|Tests|generated)/.*warning:" $(BUILD_DIR)/swift-build-tests.log
	$(SWIFT) test --skip-build $(SWIFT_FLAGS) 2>&1 | tee $(BUILD_DIR)/swift-test.log; \
	  status=$$?; grep -q "Test run with [1-9][0-9]* tests" $(BUILD_DIR)/swift-test.log || { echo "no tests ran"; exit 1; }; \
	  exit $$status

# libclang validation of every generated header (docs/validation.md).
validate: swift-build
	$(SYSSHIM) validate

clean:
	rm -rf $(BUILD_DIR)

# Man pages: the committed man/man2/*.2 (generated, and kept equal to the
# specs by `sysshim check`), so installing them needs no Swift toolchain.
MAN2_PAGES   = $(sort $(wildcard man/man2/*.2))

.PHONY: install-man uninstall-man

install-man:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(MANDIR)/man2
	$(INSTALL) -m 0644 $(MAN2_PAGES) $(DESTDIR)$(MANDIR)/man2/

# Removes exactly the pages install-man puts there.
uninstall-man:
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man2/,$(notdir $(MAN2_PAGES)))

# Generator scale, validator against clang, wrapper cost, argument tests:
# writes docs/benchmarks.md (not part of `check`; a test runs Benchmarks/run.sh --quick).
bench: all
	Benchmarks/run.sh
