# marvdash — build, run and test. Everything a target needs is installed by it.
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT      ?= swift
PREFIX     ?= /usr/local
APT_PACKAGES := pkg-config libncurses-dev libyaml-dev libcurl4-openssl-dev libopenblas-dev zlib1g-dev dataset-fashion-mnist tmux python3-venv \
                docker-registry apache2-utils openssl

.PHONY: all deps pyvenv schema build release run test bench install clean

all: build

# Installs only the Debian packages that are missing; does nothing when all are there.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make deps: missing Debian packages:$$missing; run 'sudo make deps' or 'sudo apt-get install$$missing'" >&2; exit 1; \
	  fi; \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The console on the embedded cluster.
run: release
	.build/release/marvdash --demo

# kubernetes-validate (PyPI) for the catalogue validation tests and numpy for the NPY
# interoperability tests, in .venv; only when missing.
pyvenv: deps
	@if [ ! -x .venv/bin/kubernetes-validate ]; then \
	  echo "make pyvenv: installing kubernetes-validate in .venv"; \
	  python3 -m venv .venv && .venv/bin/pip install -q kubernetes-validate || exit 1; \
	fi
	@if ! .venv/bin/python3 -c 'import numpy' 2>/dev/null; then \
	  echo "make pyvenv: installing numpy in .venv"; \
	  .venv/bin/pip install -q numpy || exit 1; \
	fi

# Regenerates the Kubernetes 1.30 schema tables from kubernetes-validate (commit the output).
schema: pyvenv
	.venv/bin/python Sources/MarvelCore/Kube/Schema/Generator/generate_schema.py --out Sources/MarvelCore/Kube/Schema/Generated

test: deps pyvenv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release
	.build/release/marvdash bench

install: release
	install -D -m 755 .build/release/marvdash $(DESTDIR)$(PREFIX)/bin/marvdash
	mkdir -p $(DESTDIR)$(PREFIX)/share/marvdash
	rm -rf $(DESTDIR)$(PREFIX)/share/marvdash/Themes $(DESTDIR)$(PREFIX)/share/marvdash/Templates
	cp -R Themes Templates $(DESTDIR)$(PREFIX)/share/marvdash/

clean:
	rm -rf .build
