#!/usr/bin/env bash
# Sets up what is missing, builds the release app (analyzer and widget) and serves it on
# http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
echo "[serve] building; the app will be at http://127.0.0.1:8080 (Ctrl-C stops it)"
scripts/build.sh
exec python3 scripts/serve_dist.py 8080 dist
