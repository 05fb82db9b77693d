#!/usr/bin/env bash
# Lints the OpenAPI documents the code generates (what /openapi.json serves) with Redocly,
# offline: the gateway's, written to a temporary file by scripts/write-openapi.ts, and the
# standby's, the market-data edge's and the reference provider server's, by scripts/write-server-openapi.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
npx tsx scripts/write-openapi.ts "$dir/openapi.json" >/dev/null
npx tsx scripts/write-server-openapi.ts "$dir" >/dev/null
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --config redocly.yaml "$dir/openapi.json" "$dir/standby.openapi.json" "$dir/edge.openapi.json" "$dir/provider-server.openapi.json"
