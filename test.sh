#!/usr/bin/env bash
# Runs every Dex test on a fresh machine with the .NET 10 SDK: installs what the tests need
# (Azurite from npm for Table Storage; Chromium from Debian for browser tests, when missing),
# builds the whole solution with warnings as errors, checks the Bicep, runs all tests,
# and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*"; }

step "Test dependencies"
if [ -f tools/azurite/ensure-azurite.sh ]; then
  bash tools/azurite/ensure-azurite.sh || { echo "Could not install Azurite (npm)."; echo "0 passed, 1 failed"; exit 1; }
fi
if [ -f tools/ensure-chromium.sh ]; then
  bash tools/ensure-chromium.sh || { echo "Could not install Chromium."; echo "0 passed, 1 failed"; exit 1; }
fi

step "Build (warnings are errors)"
if ! dotnet build Dex.sln -c Release -warnaserror -nologo -clp:ErrorsOnly; then
  echo "Build failed."; echo "0 passed, 1 failed"; exit 1
fi

if [ -f infra/build.sh ]; then
  step "Bicep build and lint"
  if ! bash infra/build.sh; then
    echo "Bicep build/lint failed."; echo "0 passed, 1 failed"; exit 1
  fi
fi

step "Tests"
results="$(pwd)/TestResults"
rm -rf "$results"
dotnet test Dex.sln -c Release --no-build --nologo --logger "trx;LogFileName=dex.trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000
rc=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
done
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then echo "No tests ran."; failed=1; fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
