#!/usr/bin/env bash
# Installs the Azurite storage emulator (npm package azurite@3) into tools/azurite/node_modules
# when it is not there yet. Idempotent: CI calls it before the tests; the test fixture calls it
# when it finds Azurite missing. Prints the path of azurite.js on success.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
entry="$here/node_modules/azurite/dist/src/azurite.js"

if [[ ! -f "$entry" ]]; then
  command -v node >/dev/null 2>&1 || { echo "ensure-azurite: node is not on PATH (Node.js 18+ is needed)" >&2; exit 1; }
  command -v npm >/dev/null 2>&1 || { echo "ensure-azurite: npm is not on PATH" >&2; exit 1; }
  # A package.json of our own keeps npm from walking up and installing into a parent folder.
  [[ -f "$here/package.json" ]] || printf '{\n  "name": "dex-azurite",\n  "private": true\n}\n' > "$here/package.json"
  echo "ensure-azurite: installing azurite@3 into $here/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund --no-save azurite@3 >&2)
fi

[[ -f "$entry" ]] || { echo "ensure-azurite: install finished but $entry is missing" >&2; exit 1; }
echo "$entry"
