#!/usr/bin/env bash
# The Entra app registration approvers and credential recipients sign in with (App Service Authentication on the
# function app, configured by infra/modules/functionapp.bicep as authsettingsV2). Idempotent; two steps:
#   create  (azd preprovision): creates the registration "Dex sign-in (<env>)" unless DEX_SIGNIN_CLIENT_ID is already
#           set, and saves its client id with `azd env set DEX_SIGNIN_CLIENT_ID` so the Bicep turns sign-in on.
#   finish  (azd postprovision): sets the redirect URI (DEX_SIGNIN_CALLBACK_URL, a Bicep output), the application id
#           URI api://<client id>, and a federated credential trusting the app's managed identity, so Easy Auth
#           redeems sign-in codes without any client secret (OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID).
# Needs the Azure CLI signed in as someone who may create app registrations (Application Developer or above).
# Environment: DEX_SIGNIN_CLIENT_ID, DEX_SIGNIN_CALLBACK_URL, AZURE_MANAGED_IDENTITY_PRINCIPAL_ID, AZURE_TENANT_ID,
#   AZURE_ENV_NAME; DEX_SKIP_SIGNIN_APP=true does nothing (sign-in stays off and Dex refuses approval pages).
set -euo pipefail

log() { printf '[signin-app] %s\n' "$*"; }
die() { printf '[signin-app] ERROR: %s\n' "$*" >&2; exit 1; }

step="${1:-}"
[[ "${step}" == "create" || "${step}" == "finish" ]] || die "usage: signin-app.sh create|finish"
if [[ "${DEX_SKIP_SIGNIN_APP:-false}" == "true" ]]; then
  log "DEX_SKIP_SIGNIN_APP=true: skipped (approval and credential pages stay refused until sign-in is configured)"
  exit 0
fi
command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is needed"

client_id="${DEX_SIGNIN_CLIENT_ID:-}"

if [[ "${step}" == "create" ]]; then
  if [[ -n "${client_id}" ]]; then
    log "DEX_SIGNIN_CLIENT_ID=${client_id}: already set, nothing to create"
    exit 0
  fi
  name="Dex sign-in (${AZURE_ENV_NAME:-dex})"
  client_id="$(az ad app list --display-name "${name}" --query '[0].appId' -o tsv)"
  if [[ -z "${client_id}" ]]; then
    client_id="$(az ad app create --display-name "${name}" --sign-in-audience AzureADMyOrg --enable-id-token-issuance true --query appId -o tsv)"
    log "created app registration '${name}' (${client_id})"
  else
    log "found app registration '${name}' (${client_id})"
  fi
  az ad sp show --id "${client_id}" >/dev/null 2>&1 || az ad sp create --id "${client_id}" >/dev/null
  azd env set DEX_SIGNIN_CLIENT_ID "${client_id}"
  log "DEX_SIGNIN_CLIENT_ID saved in the azd environment"
  exit 0
fi

[[ -n "${client_id}" ]] || die "DEX_SIGNIN_CLIENT_ID is empty: run 'signin-app.sh create' first (azd preprovision does)"
callback="${DEX_SIGNIN_CALLBACK_URL:-}"
principal="${AZURE_MANAGED_IDENTITY_PRINCIPAL_ID:-}"
tenant="${AZURE_TENANT_ID:-$(az account show --query tenantId -o tsv)}"
[[ -n "${callback}" ]] || die "DEX_SIGNIN_CALLBACK_URL is empty (a Bicep output; run after provisioning)"
[[ -n "${principal}" ]] || die "AZURE_MANAGED_IDENTITY_PRINCIPAL_ID is empty (a Bicep output; run after provisioning)"

az ad app update --id "${client_id}" --web-redirect-uris "${callback}" --enable-id-token-issuance true --identifier-uris "api://${client_id}"
log "redirect URI ${callback}; application id URI api://${client_id}"

existing="$(az ad app federated-credential list --id "${client_id}" --query "[?name=='dex-managed-identity'].name" -o tsv)"
if [[ -z "${existing}" ]]; then
  az ad app federated-credential create --id "${client_id}" --parameters "{\"name\":\"dex-managed-identity\",\"issuer\":\"https://login.microsoftonline.com/${tenant}/v2.0\",\"subject\":\"${principal}\",\"audiences\":[\"api://AzureADTokenExchange\"]}" >/dev/null
  log "federated credential trusting the managed identity ${principal} added"
else
  log "federated credential dex-managed-identity already present"
fi
