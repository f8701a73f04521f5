#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting and lints, native tests (engine, CLI,
# app logic, translation tables), wasm tests in headless Chromium, the warehouse SQL in DuckDB and
# Spark, and end-to-end tests of the release build (analyzer, calculator, widget, offline) in
# Chromium. Screenshots land in target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/check-self-contained.sh
scripts/setup.sh
source scripts/env.sh

step() { printf '\n=== %s\n' "$*"; }

step "no cycle between source files (engine, CLI, app)"
python3 scripts/module-cycles.py engine/src cli/src src

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets -- -D warnings

step "native tests"
cargo test --workspace

step "wasm tests (headless Chromium)"
cargo test -p clv-lens --target wasm32-unknown-unknown --test wasm

step "release build"
cargo build -p clv-cli --release
scripts/build.sh   # the app and the widget into dist/, the offline list, the widget's size
ls -l dist/*.wasm

step "warehouse SQL: clv sql run in DuckDB and Spark, equal to clv (about 1 min)"
target/venv/bin/python tests/warehouse/run.py target/release/clv

step "end-to-end tests (Chromium)"
node --test --test-concurrency=1 tests/e2e/
