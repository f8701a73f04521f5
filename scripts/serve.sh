#!/usr/bin/env bash
# Sets up what is missing, then builds and serves the app (release) on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
echo "[serve] building; the app will be at http://127.0.0.1:8080 (Ctrl-C stops it)"
exec trunk serve --release
