# Accord. `make run` builds and opens the desktop app on the bundled data; `make test`
# runs every test. Both install what they need on a fresh Debian/Ubuntu machine.

CARGO ?= cargo
NPM ?= npm
UI_STAMP := ui/node_modules/.installed
TARGET := $(or $(CARGO_TARGET_DIR),target)

.PHONY: all run app package cli ui bindings fmt lint test test-core test-ui test-views \
        test-e2e deps-core deps-desktop deps-e2e rust-test-build fuzz bench

all: test

## --- setup -------------------------------------------------------------------------
deps-core:
	scripts/install-deps core

deps-desktop:
	scripts/install-deps desktop

deps-e2e:
	scripts/install-deps e2e

$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && $(NPM) ci --no-audit --no-fund
	touch $@

## --- build -------------------------------------------------------------------------
## The UI, built into ui/dist (the desktop app embeds it at compile time).
ui: deps-desktop $(UI_STAMP)
	cd ui && $(NPM) run build

## The release desktop app at target/release/accord-desktop.
app: ui
	$(CARGO) build --release --locked -p accord-desktop

## Build and open the app on the default database (a new one starts with the bundled data).
run: app
	$(TARGET)/release/accord-desktop

## A Debian package under target/release/bundle/deb/.
package: ui
	ui/node_modules/.bin/tauri build --bundles deb

## The command-line tool at target/release/accord.
cli:
	$(CARGO) build --release --locked --bin accord

## Regenerate the TypeScript types in ui/src/bindings from the Rust types.
bindings: ui
	ACCORD_WRITE_BINDINGS=1 $(CARGO) test --locked -p accord-desktop --test bindings

## --- checks ------------------------------------------------------------------------
fmt:
	$(CARGO) fmt --all

lint: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	cd ui && $(NPM) run check

## Every test: lints, the core and shell (Rust), UI logic (Vitest), views in Chromium
## (Playwright, IPC mocked), and the real app end to end (tauri-driver under Xvfb).
test: deps-core deps-e2e lint test-core test-ui test-views test-e2e

test-core: deps-core ui
	$(CARGO) test --workspace --all-targets --locked

test-ui: $(UI_STAMP)
	cd ui && $(NPM) test

# The same build as test-core (same targets, so the same features): nothing is compiled
# twice.
rust-test-build: ui
	$(CARGO) build --workspace --all-targets --locked

test-views: rust-test-build
	$(TARGET)/debug/examples/ui_fixtures ui/tests/fixtures/generated
	cd ui && $(NPM) run test:views

test-e2e: deps-e2e rust-test-build
	scripts/e2e $(TARGET)/debug/accord-desktop $(TARGET)/debug/accord

## --- fuzzing (not part of `make test`: it needs nightly and minutes per target) ------
## Runs each fuzz target for FUZZ_SECONDS; a crash lands in fuzz/artifacts/TARGET/ and
## belongs in fuzz/regressions/TARGET/ once fixed (tests/fuzz_regressions.rs replays it).
FUZZ_SECONDS ?= 300
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	for t in partial_date import; do \
	  mkdir -p fuzz/corpus/$$t && \
	  (cd fuzz && $(CARGO) +nightly fuzz run $$t corpus/$$t seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -print_final_stats=1) || exit 1; \
	done

## --- benchmarks (not part of `make test`: timings need a quiet machine) ---------------
## Criterion benchmarks of the core, whole-program figures against their baselines, the
## timeline with 10k milestones in Chromium, and start-up against an empty Tauri window.
## Medians and ratios are printed and written to bench/results/; see BENCHMARKS.md.
bench: app deps-e2e rust-test-build
	$(CARGO) build --release --locked -p accord --bin accord --example generate
	$(CARGO) build --release --locked -p accord-desktop --example ui_fixtures
	cd bench/empty-window && CARGO_TARGET_DIR=$(abspath $(TARGET)) $(CARGO) build --release --locked
	$(CARGO) bench --locked -p accord --bench core
	python3 bench/criterion_summary.py
	python3 bench/run.py
	node bench/timeline.mjs
	python3 bench/app_start.py
