#!/usr/bin/env bash
# Installs what building and testing CLV Lens needs, from the package registries only, skipping
# whatever is already in place (idempotent). Versions are pinned here and in Cargo.lock / package-lock.json.
#   wasm32 target, trunk, wasm-bindgen-cli (= Cargo.lock), node tools (wasm-opt, playwright-core),
#   Debian's chromium + chromium-driver; for the warehouse SQL test, a Python venv in target/venv
#   with duckdb, pyspark and sqlglot, and Debian's OpenJDK 17 for Spark.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The warehouse SQL test (tests/warehouse/run.py): engines that run `clv sql`'s output.
DUCKDB_VERSION=1.1.3
PYSPARK_VERSION=3.5.3
SQLGLOT_VERSION=25.34.1
VENV=target/venv
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
log() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

pids=()
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (takes ~7 min on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --quiet &
  pids+=($!)
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~4 min)"
  # Not --locked: its lock file pins a crate version the index no longer serves.
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force --quiet &
  pids+=($!)
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || ! cmp -s package-lock.json node_modules/.clv-lens-lock 2>/dev/null; then
  log "installing node tools (binaryen, playwright-core) from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.clv-lens-lock
fi

# A font with Chinese characters, so the zh-TW screenshots of the e2e tests show text, not boxes.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  log "installing Debian's chromium, chromium-driver and a CJK font"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

# Spark runs on a JVM: Debian's OpenJDK 17 when no java is on the machine.
if ! command -v java >/dev/null 2>&1; then
  log "installing Debian's openjdk-17-jre-headless (for Spark)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
WANT_PY="duckdb==$DUCKDB_VERSION pyspark==$PYSPARK_VERSION sqlglot==$SQLGLOT_VERSION"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.clv-lens-pins" 2>/dev/null)" != "$WANT_PY" ]; then
  log "installing $WANT_PY into $VENV (about 330 MB, 1-2 min)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $WANT_PY
  echo "$WANT_PY" > "$VENV/.clv-lens-pins"
fi

for pid in "${pids[@]}"; do wait "$pid"; done
log "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null | head -1), $WANT_PY"
