#!/usr/bin/env bash
# Native benchmark against the peers (not part of scripts/test.sh): `clv report` on a generated
# 1 M-row, 100 k-customer order log against Python's lifetimes on the same file, side by side in
# one run (median of 3), with the peak resident memory of `clv` against the file's size.
#
#   scripts/bench-peers.sh [--rows N] [--runs N] [--no-pareto] [--base PATH_TO_OTHER_CLV]
#
# --no-pareto skips lifetimes' Pareto/NBD fit (about 70 s a run); --base also times another
# `clv` binary (e.g. a build of the previous commit) in the same runs. Creates its own venv
# (target/bench-venv) with lifetimes and the libraries it was measured with, pinned; builds
# `clv` and the generator in release; the log is made in code (engine::import::
# generated_order_log), nothing big is committed. Figures go to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${CARGO_TARGET_DIR:-$PWD/target}
VENV=$TARGET/bench-venv
ROWS=1000000
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

log() { printf '[bench-peers] %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import lifetimes' 2>/dev/null; then
  log "creating $VENV with lifetimes 0.11.3"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet lifetimes==0.11.3 numpy==2.4.6 scipy==1.17.1 pandas==3.1.1 \
    autograd==1.9.1 dill==0.4.1
fi

log "building clv and the generator (release)"
cargo build --quiet --release -p clv-cli
cargo build --quiet --release -p clv-engine --example generate_export

mkdir -p "$TARGET/bench"
FILE=$TARGET/bench/log-$ROWS.csv
if [ ! -f "$FILE" ]; then
  "$TARGET/release/examples/generate_export" --log "$ROWS" "$FILE" >&2
fi

exec "$VENV/bin/python" scripts/bench_peers.py --clv "$TARGET/release/clv" --file "$FILE" "${ARGS[@]}"
