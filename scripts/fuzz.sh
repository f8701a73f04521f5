#!/usr/bin/env bash
# Fuzzes the importer and the analysis with cargo-fuzz (not part of scripts/test.sh; see TESTING.md):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default: 1200 s each, targets import analysis)
# Installs what is missing (nightly through rustup, cargo-fuzz at a pinned version), seeds the
# import corpus with the hostile corpus and the sample, and leaves any failing input in
# fuzz/artifacts/<target>/. Keep each failure as a named regression (TESTING.md says how).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1200}"
shift || true
if [ $# -eq 0 ]; then targets=(import analysis); else targets=("$@"); fi

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo fuzz --version 2>/dev/null | grep -q '0.12.0' || cargo install cargo-fuzz --locked --version 0.12.0

mkdir -p fuzz/corpus/import fuzz/corpus/analysis
python3 tests/hostile/generate.py target/hostile-fuzz >/dev/null
for f in target/hostile-fuzz/*.csv; do
  # The first three bytes choose the reading options (fuzz/src/checks.rs); zeros = detect all.
  [ "$(stat -c %s "$f")" -lt 200000 ] && { printf '\0\0\0'; cat "$f"; } > "fuzz/corpus/import/$(basename "$f")"
done
# The sample is larger than -max_len: its first 300 lines.
{ printf '\0\0\0'; head -n 300 public/sample-orders.csv; } > fuzz/corpus/import/sample-orders.csv

for target in "${targets[@]}"; do
  echo "=== fuzzing $target for $seconds s"
  (cd fuzz && cargo +nightly fuzz run -O "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1)
done
