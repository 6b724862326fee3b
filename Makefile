# marvdash — build, run and test. Everything a target needs is installed by it.
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT      ?= swift
PREFIX     ?= /usr/local
APT_PACKAGES := pkg-config libncurses-dev libyaml-dev libcurl4-openssl-dev libopenblas-dev zlib1g-dev dataset-fashion-mnist tmux python3-venv \
                docker-registry apache2-utils openssl

.PHONY: all deps pyvenv benchvenv schema build release run test bench fuzz install clean

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

# libFuzzer on every target of Tests/Fuzz (FUZZ_SECONDS each, one at a time), starting from
# the seed corpus and regressions; what the fuzzer learns stays in .build-fuzz/corpus/<target>.
# Fails (after all targets ran) on any crash, leak, timeout or out-of-memory; the input is
# kept in $(FUZZ_OUT)/artifacts/<target>/ — add it to Tests/Fuzz/<target>/regressions/.
# FUZZ_OUT (default .build-fuzz) holds each target's log and artifacts.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= yaml json template kubeconfig npy idx checkpoint http pipeline chunked
FUZZ_BUILD   := .build-fuzz
FUZZ_OUT     ?= $(FUZZ_BUILD)
fuzz: deps
	$(SWIFT) build -c debug --scratch-path $(FUZZ_BUILD) --product marvdash-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	@bin="$$($(SWIFT) build -c debug --scratch-path $(FUZZ_BUILD) --show-bin-path)/marvdash-fuzz"; failed=""; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_OUT)/artifacts/$$t; \
	  dict=""; [ -f Tests/Fuzz/$$t/fuzz.dict ] && dict="-dict=Tests/Fuzz/$$t/fuzz.dict"; \
	  maxlen=65536; [ $$t = checkpoint ] && maxlen=262144; \
	  echo "make fuzz: $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_OUT)/$$t.log)"; \
	  scratch=$$(mktemp -d /dev/shm/marvdash-fuzz.XXXXXX 2>/dev/null || mktemp -d); \
	  if MARVDASH_FUZZ_TARGET=$$t MARVDASH_FUZZ_SCRATCH=$$scratch SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 \
	      LSAN_OPTIONS=suppressions=Tests/Fuzz/lsan.supp \
	      "$$bin" $(FUZZ_BUILD)/corpus/$$t Tests/Fuzz/$$t/corpus Tests/Fuzz/$$t/regressions \
	      -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=$$maxlen $$dict \
	      -artifact_prefix=$(FUZZ_OUT)/artifacts/$$t/ -print_final_stats=1 > $(FUZZ_OUT)/$$t.log 2>&1; then \
	    grep -E "^#[0-9]+[[:space:]]+DONE" $(FUZZ_OUT)/$$t.log | tail -1 | sed "s/^/  /"; \
	  else \
	    failed="$$failed $$t"; grep -E "ERROR|SUMMARY|Test unit written" $(FUZZ_OUT)/$$t.log | sed "s/^/  /"; \
	  fi; \
	  rm -rf "$$scratch"; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: findings in:$$failed (inputs in $(FUZZ_OUT)/artifacts/)" >&2; exit 1; fi; \
	echo "make fuzz: no crash, leak or timeout in $(FUZZ_TARGETS)"

bench: deps benchvenv
	$(SWIFT) build -c release
	.build/release/marvdash bench
	.build/release/marvdash bench --over-http

# PyTorch (CPU) for the bench's side-by-side row, in .venv-bench; only when missing. A CPU-only
# torch wheel in pip's find-links folder is preferred (PyPI's Linux torch pulls ~5 GB of CUDA
# libraries, which work on CPU too). If torch cannot be installed the row says so.
benchvenv:
	@if ! .venv-bench/bin/python3 -c 'import torch' 2>/dev/null; then \
	  echo "make bench: installing torch in .venv-bench"; \
	  python3 -m venv .venv-bench || exit 1; \
	  links=$$(python3 -m pip config get global.find-links 2>/dev/null); \
	  wheel=$$(ls $$links/torch-*+cpu-*.whl 2>/dev/null | tail -1); \
	  .venv-bench/bin/pip install -q $${wheel:-torch} || echo "make bench: torch did not install; the PyTorch row will say why" >&2; \
	fi

install: release
	install -D -m 755 .build/release/marvdash $(DESTDIR)$(PREFIX)/bin/marvdash
	mkdir -p $(DESTDIR)$(PREFIX)/share/marvdash
	rm -rf $(DESTDIR)$(PREFIX)/share/marvdash/Themes $(DESTDIR)$(PREFIX)/share/marvdash/Templates
	cp -R Themes Templates $(DESTDIR)$(PREFIX)/share/marvdash/

clean:
	rm -rf .build $(FUZZ_BUILD)
