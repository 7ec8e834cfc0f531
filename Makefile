# Seams: `make run` serves the app, `make test` runs every check CI runs.
# Both install what is missing (from crates.io, npm and Debian only) and are
# quick when everything is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
TOOLS := $(ROOT)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

BINARYEN_VERSION := 132.0.0
# The bundle splitter, of the wasm_split_helpers family Leptos's lazy routes use.
WASM_SPLIT_VERSION := 0.2.4
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print; exit}' $(ROOT)/Cargo.lock)
SEAMS_BIN := $(TARGET_DIR)/release/seams
SITE_ROOT := $(ROOT)/target/site

APT_GET := $(if $(filter 0,$(shell id -u)),,sudo )apt-get

BENCH_VENV := $(ROOT)/bench/.venv
BENCH_DIR := $(TARGET_DIR)/bench
SCAN_FIXTURES := $(TARGET_DIR)/scan-fixtures

FUZZ_TARGETS := import_csv import_dot import_jdeps import_json import_mono2micro import_gitlog import_traces import_analyzers import_partitions scan_sources export_hostile
FUZZ_SECONDS ?= 20

.PHONY: help run test setup setup-test build fmt-check clippy test-rust bench-smoke fuzz-smoke e2e scan-accuracy boundary-tools bench lint clean-data screenshots cluster cluster-test

help:
	@echo "make run    build the release site and serve it on http://127.0.0.1:3000"
	@echo "make test   formatting, lints, all Rust tests, the wasm build, the browser tests and seams scan against the analyzers"
	@echo "make lint   formatting and clippy only"
	@echo "make bench  speed against networkx, igraph, NetworKit and Graphviz on a 1,000,000-call monolith, the store and the browser at 10,000 and 50,000 modules, a 100,000-commit history, the live load test, the hostile crowd"
	@echo "make screenshots  refresh the README screenshots (make test leaves them alone)"

## Set-up ---------------------------------------------------------------------

setup: ## the Rust and WebAssembly tool chain: wasm-bindgen, wasm-split-cli, wasm-opt (no cargo-leptos: scripts/build-site does its work)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@command -v brotli >/dev/null \
		|| $(APT_GET) install -y --no-install-recommends brotli \
		|| ($(APT_GET) update && $(APT_GET) install -y --no-install-recommends brotli)
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
		|| cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) --force
	@cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):" \
		|| cargo install wasm_split_cli_support --version =$(WASM_SPLIT_VERSION) --features build-binary --locked --force
	@[ -x "$(TOOLS)/node_modules/.bin/wasm-opt" ] \
		|| npm install --silent --no-audit --no-fund --prefix "$(TOOLS)" binaryen@$(BINARYEN_VERSION)

setup-test: setup ## plus the browser, Graphviz, the end-to-end test runner and cargo-fuzz
	@command -v chromium >/dev/null && command -v dot >/dev/null && [ -d /usr/share/fonts/truetype/nanum ] \
		|| $(APT_GET) install -y --no-install-recommends chromium graphviz fonts-nanum \
		|| ($(APT_GET) update && $(APT_GET) install -y --no-install-recommends chromium graphviz fonts-nanum)
	@rustup run nightly rustc --version >/dev/null 2>&1 \
		|| (echo "the fuzz targets need a nightly toolchain (rustup toolchain install nightly)" >&2; exit 1)
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2 --locked
	@[ -d end2end/node_modules/@playwright/test ] && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ] \
		|| (cd end2end && npm ci --silent --no-audit --no-fund)

## Build and run --------------------------------------------------------------

build: setup
	SEAMS_SITE_ROOT="$(SITE_ROOT)" scripts/build-site

run: build
	SEAMS_SITE_ROOT="$(SITE_ROOT)" "$(SEAMS_BIN)" serve

## Checks ---------------------------------------------------------------------

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy -p engine -p scan --all-targets -- -D warnings
	cargo clippy -p server -p app --all-targets -- -D warnings
	cargo clippy -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

lint: fmt-check clippy

test-rust:
	cargo test -p engine -p scan -p app -p server

bench-smoke: ## the benchmark on a tiny graph, once: it must run, not be fast
	SEAMS_BENCH_DIR="$(BENCH_DIR)/smoke" SEAMS_BENCH_MODULES=2000 SEAMS_BENCH_CALLS=10000 \
		cargo bench -p engine --features parallel --bench split_metrics -- --test

fuzz-smoke: ## every importer, and the exports with hostile names, fuzzed for FUZZ_SECONDS each: any panic fails
	@mkdir -p "$(TARGET_DIR)"
	@for target in $(FUZZ_TARGETS); do \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		mkdir -p fuzz/corpus/$$target; \
		log="$(TARGET_DIR)/fuzz-$$target.log"; \
		(cd fuzz && cargo +nightly fuzz run $$target corpus/$$target ../engine/tests/corpus/malformed \
			-- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048) > "$$log" 2>&1 \
			|| { tail -40 "$$log"; echo "$$target failed; the input is in fuzz/artifacts/$$target" >&2; exit 1; }; \
		grep -E "^Done [0-9]+ runs" "$$log"; \
	done

boundary-tools: ## the rules seams export writes, run by Checkstyle (Debian), dependency-cruiser (npm) and import-linter (PyPI) on real code
	@command -v checkstyle >/dev/null \
		|| $(APT_GET) install -y --no-install-recommends checkstyle \
		|| ($(APT_GET) update && $(APT_GET) install -y --no-install-recommends checkstyle)
	scripts/scan-fixtures "$(SCAN_FIXTURES)"
	SEAMS_CHECKSTYLE=checkstyle SEAMS_DEPCRUISE="$(TOOLS)/node_modules/.bin/depcruise" \
		SEAMS_LINT_IMPORTS="$(TOOLS)/scan-venv/bin/lint-imports" SEAMS_SCAN_FIXTURES="$(SCAN_FIXTURES)" \
		cargo test -p server --test boundary_tools -- --ignored

cluster-test: setup-test build ## three instances on PostgreSQL behind HAProxy: a killed instance and a rolling restart under 20 live participants, no edit lost; two browsers through the proxy survive a killed instance
	@command -v haproxy >/dev/null \
		|| $(APT_GET) install -y --no-install-recommends haproxy \
		|| ($(APT_GET) update && $(APT_GET) install -y --no-install-recommends haproxy)
	SEAMS_TEST_POSTGRES_URL="$${SEAMS_TEST_POSTGRES_URL:-$$(scripts/test-postgres)}" \
		cargo test -p server --test cluster -- --ignored --nocapture
	cd end2end && SEAMS_TEST_POSTGRES_URL="$${SEAMS_TEST_POSTGRES_URL:-$$(../scripts/test-postgres)}" \
		SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" npx playwright test --config cluster.config.mjs

scan-accuracy: build ## seams scan against jdeps, dependency-cruiser and pydeps on small real code (fetched at pinned versions): 95 % both ways
	scripts/scan-fixtures "$(SCAN_FIXTURES)"
	python3 bench/scan.py --seams "$(SEAMS_BIN)" --fixtures "$(SCAN_FIXTURES)" --small

bench: setup-test build ## the engine, the command line and the store against their peers, the browser at 10,000 and 50,000 modules, the live load test, the hostile crowd
	@[ -x "$(BENCH_VENV)/bin/python" ] || python3 -m venv "$(BENCH_VENV)"
	@"$(BENCH_VENV)/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
	@mkdir -p "$(BENCH_DIR)" && rm -f "$(BENCH_DIR)/missed"
	SEAMS_BENCH_DIR="$(BENCH_DIR)" cargo bench -p engine --features parallel --bench split_metrics
	"$(BENCH_VENV)/bin/python" bench/peers.py --dir "$(BENCH_DIR)" --criterion "$(TARGET_DIR)/criterion" \
		|| echo "engine against its peers" >> "$(BENCH_DIR)/missed"
	"$(BENCH_VENV)/bin/python" bench/cli.py --dir "$(BENCH_DIR)" --seams "$(SEAMS_BIN)" \
		|| echo "command line against its peers" >> "$(BENCH_DIR)/missed"
	"$(BENCH_VENV)/bin/python" bench/agreement.py --dir "$(BENCH_DIR)" --seams "$(SEAMS_BIN)" \
		|| echo "agreement of 50,000 modules, refinement of 1,000,000 calls and of AcmeAir" >> "$(BENCH_DIR)/missed"
	"$(BENCH_VENV)/bin/python" bench/history.py --dir "$(BENCH_DIR)" --seams "$(SEAMS_BIN)" \
		|| echo "history of 100,000 commits" >> "$(BENCH_DIR)/missed"
	"$(BENCH_VENV)/bin/python" bench/traces.py --dir "$(BENCH_DIR)" --seams "$(SEAMS_BIN)" \
		|| echo "1,000,000 spans" >> "$(BENCH_DIR)/missed"
	scripts/scan-fixtures "$(SCAN_FIXTURES)"
	cd end2end && SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" \
		SEAMS_SCAN_ARCHIVE="$$(dirname "$$(dirname "$$(readlink -f "$$(command -v javac)")")")/lib/src.zip" \
		npx playwright test tests/source-big.spec.mjs || echo "browser upload of a 50 MB archive" >> "$(BENCH_DIR)/missed"
	"$(BENCH_VENV)/bin/python" bench/scan.py --seams "$(SEAMS_BIN)" --fixtures "$(SCAN_FIXTURES)" --dir "$(BENCH_DIR)" \
		|| echo "seams scan against the analyzers and jdeps" >> "$(BENCH_DIR)/missed"
	cargo test --release -p app --features ssr --test store_scale -- --ignored --nocapture --test-threads 1 \
		|| echo "store at 10,000 modules and at 1,000,000 calls" >> "$(BENCH_DIR)/missed"
	cd end2end && SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" SEAMS_SCALE_MODULES=10000 SEAMS_SCALE_TARGET_MS=2000 \
		npx playwright test tests/big-walk.spec.mjs || echo "browser at 10,000 modules" >> "$(BENCH_DIR)/missed"
	cd end2end && SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" SEAMS_SCALE_MODULES=50000 SEAMS_SCALE_TARGET_MS=5000 \
		npx playwright test tests/big-walk.spec.mjs || echo "browser at 50,000 modules" >> "$(BENCH_DIR)/missed"
	cargo test --release -p server --test live_load -- --ignored --nocapture \
		|| echo "live load" >> "$(BENCH_DIR)/missed"
	SEAMS_TEST_POSTGRES_URL="$${SEAMS_TEST_POSTGRES_URL:-$$(scripts/test-postgres)}" \
		cargo test --release -p server --test hostile_crowd -- --ignored --nocapture --test-threads 1 \
		|| echo "hostile crowd (SQLite and PostgreSQL)" >> "$(BENCH_DIR)/missed"
	@command -v haproxy >/dev/null || $(APT_GET) install -y --no-install-recommends haproxy
	SEAMS_TEST_POSTGRES_URL="$${SEAMS_TEST_POSTGRES_URL:-$$(scripts/test-postgres)}" \
		SEAMS_CLUSTER_PARTICIPANTS=200 SEAMS_CLUSTER_PROJECTS=10 SEAMS_CLUSTER_RESTART_DATABASE=1 \
		cargo test --release -p server --test cluster -- --ignored --nocapture \
		|| echo "cluster of three behind HAProxy: 200 participants, a killed instance, a rolling restart, a database restart" >> "$(BENCH_DIR)/missed"
	@if [ -s "$(BENCH_DIR)/missed" ]; then echo "Targets missed:"; cat "$(BENCH_DIR)/missed"; exit 1; fi

cluster: build ## three instances on one PostgreSQL behind HAProxy on http://127.0.0.1:3080 (deploy/haproxy.cfg), in the foreground until Ctrl-C
	scripts/cluster "$(SEAMS_BIN)" "$(SITE_ROOT)"

screenshots: setup-test build ## refreshes the README's screenshots from the workshop walk
	cd end2end && SEAMS_SCREENSHOTS=1 SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" npx playwright test tests/workshop.spec.mjs

e2e: setup-test build
	cd end2end && SEAMS_BIN="$(SEAMS_BIN)" SEAMS_SITE_ROOT="$(SITE_ROOT)" npx playwright test

test: setup-test lint test-rust bench-smoke fuzz-smoke cluster-test e2e scan-accuracy boundary-tools

clean-data:
	rm -rf data
