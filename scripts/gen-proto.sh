#!/usr/bin/env bash
# Generates the static protobuf code in src/proto/ from proto/patx.proto (committed, so
# `npm start` needs no build step; test/gateway/proto-interop.test.ts fails if it is stale).
set -euo pipefail
out="${1:-src/proto}"
cd "$(dirname "$0")/.."
npx pbjs -t static-module -w es6 --force-number --no-verify --no-convert --no-delimited --no-typeurl --no-service \
  -o "$out/patx.js" proto/patx.proto
npx pbts -o "$out/patx.d.ts" "$out/patx.js"
