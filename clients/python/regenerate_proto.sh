#!/usr/bin/env sh
# Regenerates patx/patx_pb2.py (and its type stubs, patx_pb2.pyi) from proto/patx.proto with
# Debian's protoc (apt-get install protobuf-compiler). Run it after changing the schema; the
# generated files are committed so that installing the client needs no compiler.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
protoc --proto_path="$here/../../proto" --python_out="$here/patx" --pyi_out="$here/patx" "$here/../../proto/patx.proto"
