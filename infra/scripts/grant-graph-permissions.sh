#!/usr/bin/env bash
# Grants Dex's managed identity what it needs in Microsoft Entra ID:
#   1. Microsoft Graph application permissions (app role assignments on the Microsoft Graph service
#      principal), and
#   2. Entra directory roles for password and MFA resets (unified RBAC role assignments, tenant scope).
# Idempotent: anything already granted is reported and left alone. Runs as the azd `postprovision`
# hook (azd passes its environment, e.g. AZURE_MANAGED_IDENTITY_PRINCIPAL_ID) or by hand.
#
# Needs the Azure CLI signed in (`az login --tenant <tenant>`) as a Privileged Role Administrator or
# Global Administrator: granting application permissions and directory roles is admin consent.
#
# Usage: grant-graph-permissions.sh [--principal-id <objectId>] [--roles "<name>,<name>"]
#                                   [--privileged] [--with-app-assignments] [--skip-roles] [--dry-run]
# Environment (flags win): AZURE_MANAGED_IDENTITY_PRINCIPAL_ID or AZURE_MANAGED_IDENTITY_CLIENT_ID,
#   AZURE_TENANT_ID, DEX_DIRECTORY_ROLES, DEX_PRIVILEGED_TARGETS=true, DEX_GRANT_APP_ASSIGNMENTS=true,
#   DEX_SKIP_DIRECTORY_ROLES=true, DEX_SKIP_GRAPH_GRANT=true (do nothing), DEX_DRY_RUN=true.
set -euo pipefail

readonly GRAPH_APP_ID="00000003-0000-0000-c000-000000000000"
readonly GRAPH="https://graph.microsoft.com/v1.0"

# Application permissions Dex needs, and no more (docs/deploy.md justifies each; /api/setup/validate reports missing and excess).
PERMISSIONS=(
  "User.ReadWrite.All"
  "GroupMember.ReadWrite.All"
  "UserAuthenticationMethod.ReadWrite.All"
  "IdentityRiskyUser.ReadWrite.All"
  "ProfilePhoto.ReadWrite.All"
  "Application.Read.All"
  "Organization.Read.All"
  "RoleManagement.Read.Directory"
  "AdministrativeUnit.Read.All"
)
# Permissions a tenant may not offer yet; a missing one is skipped (User.ReadWrite.All covers it).
OPTIONAL_PERMISSIONS=" ProfilePhoto.ReadWrite.All "

principal_id="${AZURE_MANAGED_IDENTITY_PRINCIPAL_ID:-}"
client_id="${AZURE_MANAGED_IDENTITY_CLIENT_ID:-}"
roles_csv="${DEX_DIRECTORY_ROLES:-Authentication Administrator}"
privileged="${DEX_PRIVILEGED_TARGETS:-false}"
app_assignments="${DEX_GRANT_APP_ASSIGNMENTS:-false}"
skip_roles="${DEX_SKIP_DIRECTORY_ROLES:-false}"
dry_run="${DEX_DRY_RUN:-false}"

log() { printf '[grant-graph] %s\n' "$*"; }
die() { printf '[grant-graph] ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

while (( $# > 0 )); do
  case "$1" in
    --principal-id) [[ $# -ge 2 ]] || die "--principal-id needs a value"; principal_id="$2"; shift 2 ;;
    --roles) [[ $# -ge 2 ]] || die "--roles needs a value"; roles_csv="$2"; shift 2 ;;
    --privileged) privileged=true; shift ;;
    --with-app-assignments) app_assignments=true; shift ;;
    --skip-roles) skip_roles=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

if [[ "${DEX_SKIP_GRAPH_GRANT:-false}" == "true" ]]; then
  log "DEX_SKIP_GRAPH_GRANT=true: skipping. Grant the permissions later (docs/deploy.md, 'Manual grant')."
  exit 0
fi

command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is required: https://aka.ms/azure-cli"

# Built-in directory role template ids (the same in every tenant).
role_template_id() {
  case "$1" in
    "Authentication Administrator") echo "c4e39bd9-1100-46d3-8c65-fb160da0071f" ;;
    "Helpdesk Administrator") echo "729827e3-9c14-49f7-bb1b-9608f156bbb8" ;;
    "Password Administrator") echo "966707d0-3269-4727-9be2-8c3a10f19b9d" ;;
    "User Administrator") echo "fe930be7-5e62-47db-91af-98c3a49a38b1" ;;
    "Privileged Authentication Administrator") echo "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" ;;
    *) return 1 ;;
  esac
}

graph_get() { az rest --method get --url "$1" "${@:2}"; }

graph_post() {
  local url="$1" body="$2"
  if [[ "${dry_run}" == "true" ]]; then
    log "  (dry run) POST ${url} ${body}"
    return 0
  fi
  az rest --method post --url "${url}" --headers "Content-Type=application/json" --body "${body}" --output none
}

# Signed-in tenant must be the one the identity lives in.
signed_in_tenant="$(az account show --query tenantId --output tsv 2>/dev/null)" \
  || die "the Azure CLI is not signed in: run 'az login --tenant ${AZURE_TENANT_ID:-<tenant-id>}'"
if [[ -n "${AZURE_TENANT_ID:-}" && "${signed_in_tenant}" != "${AZURE_TENANT_ID}" ]]; then
  die "the Azure CLI is signed in to tenant ${signed_in_tenant}, but Dex is in ${AZURE_TENANT_ID}: run 'az login --tenant ${AZURE_TENANT_ID}'"
fi
log "tenant: ${signed_in_tenant}"

if [[ -z "${principal_id}" && -n "${client_id}" ]]; then
  log "looking up the service principal of client id ${client_id}"
  principal_id="$(graph_get "${GRAPH}/servicePrincipals(appId='${client_id}')?\$select=id" --query id --output tsv)"
fi
[[ -n "${principal_id}" ]] || die "no principal: set AZURE_MANAGED_IDENTITY_PRINCIPAL_ID (azd output) or pass --principal-id"

# A managed identity's service principal can take a minute to replicate to Microsoft Graph.
principal_name=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if principal_name="$(graph_get "${GRAPH}/servicePrincipals/${principal_id}?\$select=displayName" --query displayName --output tsv 2>/dev/null)"; then
    break
  fi
  (( attempt == 10 )) && die "service principal ${principal_id} not found in Microsoft Graph"
  log "service principal ${principal_id} not visible yet; retrying in 10 s (${attempt}/10)"
  sleep 10
done
log "managed identity: ${principal_name} (service principal ${principal_id})"
[[ "${dry_run}" == "true" ]] && log "DRY RUN: nothing will be changed"

# ---- 1. Microsoft Graph application permissions -------------------------------------------------
graph_sp_id="$(graph_get "${GRAPH}/servicePrincipals(appId='${GRAPH_APP_ID}')?\$select=id" --query id --output tsv)"
[[ -n "${graph_sp_id}" ]] || die "the Microsoft Graph service principal was not found in this tenant"
log "Microsoft Graph service principal: ${graph_sp_id}"

declare -A app_role_ids=()
while IFS=$'\t' read -r value id; do
  [[ -n "${value}" ]] && app_role_ids["${value}"]="${id}"
done < <(graph_get "${GRAPH}/servicePrincipals/${graph_sp_id}?\$select=appRoles" \
  --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" --output tsv)

declare -A assigned=()
while read -r role_id; do
  [[ -n "${role_id}" ]] && assigned["${role_id}"]=1
done < <(graph_get "${GRAPH}/servicePrincipals/${principal_id}/appRoleAssignments" \
  --query "value[?resourceId=='${graph_sp_id}'].appRoleId" --output tsv)

if [[ "${app_assignments}" == "true" ]]; then
  log "WARNING: adding AppRoleAssignment.ReadWrite.All (enterprise-app grant_access). This permission lets"
  log "         its holder grant itself any other permission; give it only if you accept that."
  PERMISSIONS+=("AppRoleAssignment.ReadWrite.All")
fi

granted=0; present=0; skipped=0
for permission in "${PERMISSIONS[@]}"; do
  role_id="${app_role_ids[${permission}]:-}"
  if [[ -z "${role_id}" ]]; then
    if [[ "${OPTIONAL_PERMISSIONS}" == *" ${permission} "* ]]; then
      log "skip    ${permission}: not offered by Microsoft Graph in this tenant (User.ReadWrite.All covers it)"
      skipped=$((skipped + 1))
      continue
    fi
    die "Microsoft Graph has no application permission named ${permission}"
  fi
  if [[ -n "${assigned[${role_id}]:-}" ]]; then
    log "present ${permission}"
    present=$((present + 1))
    continue
  fi
  log "grant   ${permission} (${role_id})"
  graph_post "${GRAPH}/servicePrincipals/${principal_id}/appRoleAssignments" \
    "{\"principalId\":\"${principal_id}\",\"resourceId\":\"${graph_sp_id}\",\"appRoleId\":\"${role_id}\"}"
  granted=$((granted + 1))
done
log "Graph permissions: ${granted} $([[ "${dry_run}" == "true" ]] && echo "to grant" || echo "granted"), ${present} already present, ${skipped} skipped"

# ---- 2. Entra directory roles ---------------------------------------------------------------------
if [[ "${skip_roles}" == "true" ]]; then
  log "directory roles: skipped (--skip-roles / DEX_SKIP_DIRECTORY_ROLES=true)"
  exit 0
fi

IFS=',' read -r -a roles <<<"${roles_csv}"
if [[ "${privileged}" == "true" ]]; then
  log "WARNING: assigning Privileged Authentication Administrator: Dex will be able to reset passwords"
  log "         and MFA of every administrator, Global Administrators included."
  roles+=("Privileged Authentication Administrator")
fi

declare -A held=()
while read -r definition_id; do
  [[ -n "${definition_id}" ]] && held["${definition_id}"]=1
done < <(graph_get "${GRAPH}/roleManagement/directory/roleAssignments?\$filter=principalId%20eq%20'${principal_id}'" \
  --query "value[?directoryScopeId=='/'].roleDefinitionId" --output tsv)

for raw_role in "${roles[@]}"; do
  role="$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"${raw_role}")"
  [[ -z "${role}" ]] && continue
  template_id="$(role_template_id "${role}")" \
    || die "unknown directory role '${role}' (known: Authentication Administrator, Helpdesk Administrator, Password Administrator, User Administrator, Privileged Authentication Administrator)"
  if [[ -n "${held[${template_id}]:-}" ]]; then
    log "present role ${role}"
    continue
  fi
  log "assign  role ${role} (${template_id}) at tenant scope"
  graph_post "${GRAPH}/roleManagement/directory/roleAssignments" \
    "{\"principalId\":\"${principal_id}\",\"roleDefinitionId\":\"${template_id}\",\"directoryScopeId\":\"/\"}"
done
log "done. Check with: POST \${DEX_PUBLIC_BASE_URL}/api/setup/validate"
