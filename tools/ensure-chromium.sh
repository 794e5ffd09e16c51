#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Dex.Tests/Console) and prints its path.
# Idempotent: does nothing when /usr/bin/chromium is already there. Installing needs root (CI runs as root).
# Playwright's own browser download is not used: the tests launch this Chromium via ExecutablePath.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "ensure-chromium: $CHROMIUM is missing and this is not root; run: apt-get install -y chromium" >&2
      exit 1
    fi
  else
    SUDO=""
  fi
  echo "ensure-chromium: installing Debian package 'chromium'..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >&2
  $SUDO apt-get install -y -q --no-install-recommends chromium >&2
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: $CHROMIUM is still missing after installing 'chromium'" >&2
  exit 1
fi

echo "$CHROMIUM"
