#!/usr/bin/env bash
# Lints the OpenAPI document the code generates (what /openapi.json serves) with Redocly,
# offline: the document is written to a temporary file by scripts/write-openapi.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
npx tsx scripts/write-openapi.ts "$dir/openapi.json" >/dev/null
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --config redocly.yaml "$dir/openapi.json"
