#!/usr/bin/env bash
# Builds the release app into dist/: the analyzer page (index.html, its worker) and the
# embeddable widget (embed.html, its own small binary). Trunk 0.21 builds one HTML page per run
# and empties its dist/ each time, so the widget is built into target/dist-embed and moved in;
# then the service worker gets the list of files to keep for offline use.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release
trunk build embed.html --release --dist target/dist-embed
node scripts/finish-dist.mjs
node scripts/widget-size.mjs
node scripts/app-size.mjs
