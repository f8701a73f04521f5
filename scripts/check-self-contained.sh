#!/usr/bin/env bash
# Fails when a tracked file refers to a folder beside the repository (the steering folder and the like):
# a user's clone has nothing beside it, so everything a test, bench or script reads lives inside.
set -euo pipefail
cd "$(dirname "$0")/.."

# This script is the one file allowed to spell the pattern.
pattern='\.\./shared|\.\./\.\./shared|/work/shared'
if hits=$(git grep -nE "$pattern" -- ':!scripts/check-self-contained.sh'); then
  printf 'These tracked files refer to something outside the repository:\n%s\n' "$hits" >&2
  printf 'Copy the data into the repository (tests/data/) and point the file at that copy.\n' >&2
  exit 1
fi
echo "no tracked file refers to a folder outside the repository"
