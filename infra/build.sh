#!/usr/bin/env bash
# Builds and lints the Bicep in infra/ with warnings treated as errors. Offline once the Bicep CLI
# package is in the NuGet cache. Used by CI (`bash infra/build.sh`); exits non-zero on any problem.
#
#  1. Ensures the Bicep CLI: restores infra/bicep-cli/BicepCli.proj (a PackageDownload of
#     Azure.Bicep.CommandLine.linux-x64, not part of Dex.sln) unless BICEP_CLI points at a binary.
#  2. Checks every JSON file that azd and bicep read (bicepconfig.json, main.parameters.json).
#  3. `bicep build infra/main.bicep` (compiles main and every module; type and schema checks).
#  4. `bicep lint` on main.bicep and on each module (rules set in infra/bicepconfig.json).
#  5. Fails if any step printed a Warning or an Error, even when bicep itself exited 0.
#  6. Checks the deployment scripts: `bash -n` always, `shellcheck` and a PowerShell parse when
#     those tools are installed (skipped with a note otherwise).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
bicep_version="0.49.2"

log() { printf '[infra/build] %s\n' "$*"; }
fail() { printf '[infra/build] FAILED: %s\n' "$*" >&2; exit 1; }

resolve_bicep() {
  if [[ -n "${BICEP_CLI:-}" ]]; then
    [[ -x "${BICEP_CLI}" ]] || fail "BICEP_CLI=${BICEP_CLI} is not executable"
    printf '%s' "${BICEP_CLI}"
    return
  fi
  local packages="${NUGET_PACKAGES:-${HOME}/.nuget/packages}"
  local candidate="${packages}/azure.bicep.commandline.linux-x64/${bicep_version}/tools/bicep"
  if [[ ! -x "${candidate}" ]]; then
    log "Bicep CLI ${bicep_version} not in the NuGet cache; restoring infra/bicep-cli/BicepCli.proj" >&2
    dotnet restore "${script_dir}/bicep-cli/BicepCli.proj" --nologo --verbosity quiet >&2 \
      || fail "could not restore the Bicep CLI package"
    [[ -f "${candidate}" ]] || fail "restore finished but ${candidate} is missing"
    chmod +x "${candidate}" 2>/dev/null || true
  fi
  printf '%s' "${candidate}"
}

# Runs a bicep command; fails on a non-zero exit or on any diagnostic line in its output.
run_checked() {
  local label="$1"; shift
  local output status=0
  output="$("$@" 2>&1)" || status=$?
  if [[ -n "${output}" ]]; then
    printf '%s\n' "${output}"
  fi
  if (( status != 0 )); then
    fail "${label} exited with ${status}"
  fi
  if grep -Eiq 'warning|error' <<<"${output}"; then
    fail "${label} reported diagnostics (warnings are errors here)"
  fi
  log "${label}: clean"
}

cd "${repo_root}"
bicep="$(resolve_bicep)"
log "using $("${bicep}" --version)"

for json in infra/bicepconfig.json infra/main.parameters.json; do
  if command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool "${json}" >/dev/null 2>&1 || fail "${json} is not valid JSON"
    log "${json}: valid JSON"
  fi
done

# build: the ARM JSON goes to /dev/null; diagnostics (stderr) are captured by run_checked.
build_main() { "${bicep}" build infra/main.bicep --stdout --no-restore >/dev/null; }
run_checked "bicep build infra/main.bicep" build_main
run_checked "bicep lint infra/main.bicep" "${bicep}" lint infra/main.bicep --no-restore
for module in infra/modules/*.bicep; do
  run_checked "bicep lint ${module}" "${bicep}" lint "${module}" --no-restore
done

for script in infra/build.sh infra/scripts/*.sh; do
  bash -n "${script}" || fail "${script}: bash syntax error"
done
log "bash -n infra/build.sh infra/scripts/*.sh: clean"
if command -v shellcheck >/dev/null 2>&1; then
  run_checked "shellcheck" shellcheck infra/build.sh infra/scripts/*.sh
else
  log "shellcheck not installed: skipped"
fi
pwsh_bin="$(command -v pwsh 2>/dev/null || true)"
if [[ -n "${pwsh_bin}" ]]; then
  for script in infra/scripts/*.ps1; do
    # shellcheck disable=SC2016 # the $ signs belong to PowerShell
    DEX_PS_FILE="${script}" run_checked "PowerShell parse ${script}" "${pwsh_bin}" -NoProfile -NonInteractive -Command \
      '$t = $null; $e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile((Resolve-Path $env:DEX_PS_FILE).Path, [ref]$t, [ref]$e); if ($e) { $e | ForEach-Object { "error: $_" }; exit 1 }'
  done
else
  log "pwsh not installed: PowerShell parse skipped"
fi

log "all infra checks passed"
