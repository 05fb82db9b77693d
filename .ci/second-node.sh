#!/usr/bin/env bash
# Starts the service on a second Node major (24 unless SECOND_NODE_MAJOR says otherwise),
# a Node binary taken from the npm registry (package node-linux-<arch>), and checks that:
# - it loads uWebSockets.js natively (the 'uWS native binding loaded' line, with this Node's
#   ABI) and never mentions a JavaScript fallback;
# - it becomes ready (GET /readyz answers 200) and stops cleanly on SIGINT (exit 0, 'stopped').
# On a system whose glibc is older than 2.38 (Debian 12, this CI machine) the upstream uWS
# binaries for Node 22/24 cannot load, so it first checks that the service REFUSES to start
# there (exit 1, UWS_NATIVE_BINDING_MISSING), then runs the same Node with Debian 13's C
# library (libc6, libstdc++6, libgcc-s1 from Debian's registry, unpacked into a scratch
# directory, the system untouched) as the PATX image has it.
# Ports: SECOND_NODE_PORT_BASE..+3 if set, else free ports. Everything lives in one scratch
# directory, removed at the end; the service is stopped whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAJOR=${SECOND_NODE_MAJOR:-24}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/patx-second-node.XXXXXX")
SERVICE_PID=
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
say() { echo "second-node: $*"; }
fail() { echo "second-node: FAILED: $*" >&2; [ -f "$SCRATCH/service.log" ] && tail -40 "$SCRATCH/service.log" >&2; exit 1; }

case "$(uname -m)" in
  x86_64) ARCH=x64 ;;
  aarch64) ARCH=arm64 ;;
  *) fail "no node-linux package for $(uname -m)" ;;
esac

# The Node binary: the registry's node-linux-<arch> package carries the official build in bin/node.
(cd "$SCRATCH" && npm pack --silent "node-linux-$ARCH@$MAJOR" >/dev/null)
mkdir -p "$SCRATCH/node" && tar -xzf "$SCRATCH"/node-linux-"$ARCH"-*.tgz -C "$SCRATCH/node" --strip-components=1
NODE="$SCRATCH/node/bin/node"
say "Node $("$NODE" --version) (ABI $("$NODE" -p process.versions.modules)), this machine's: $(node --version)"

GLIBC=$("$NODE" -p 'process.report.getReport().header.glibcVersionRuntime || ""')
glibc_at_least() { [ "$(printf '%s\n%s\n' "$1" "$GLIBC" | sort -V | head -1)" = "$1" ]; }

free_ports() {
  node -e '
    const net = require("node:net");
    const servers = [];
    const next = () => {
      if (servers.length === 4) { console.log(servers.map((s) => s.address().port).join(" ")); servers.forEach((s) => s.close()); return; }
      const s = net.createServer().listen(0, "127.0.0.1", () => { servers.push(s); next(); });
    };
    next();'
}
if [ -n "${SECOND_NODE_PORT_BASE:-}" ]; then
  read -r P_GATEWAY P_MARKET P_CHAIN P_PROVIDER <<<"$SECOND_NODE_PORT_BASE $((SECOND_NODE_PORT_BASE + 1)) $((SECOND_NODE_PORT_BASE + 2)) $((SECOND_NODE_PORT_BASE + 3))"
else
  read -r P_GATEWAY P_MARKET P_CHAIN P_PROVIDER <<<"$(free_ports)"
fi

# One run of the service, as `npm start` runs it, on loopback with its own data directory.
start_service() { # $1: data dir name; the rest: the command that runs node
  local data="$SCRATCH/$1"; shift
  mkdir -p "$data"
  env PATX_DATA_DIR="$data" PATX_HOST=127.0.0.1 PATX_PORT="$P_GATEWAY" PATX_MARKET_DATA_PORT="$P_MARKET" \
    PATX_CHAIN_PORT="$P_CHAIN" PATX_PROVIDER_PORT="$P_PROVIDER" PATX_DEMO=off \
    "$@" --min-semi-space-size=64 --max-semi-space-size=64 bin/start.js >"$SCRATCH/service.log" 2>&1 &
  SERVICE_PID=$!
}

RUN=("$NODE")
if [ -n "$GLIBC" ] && ! glibc_at_least 2.38 && [ "$("$NODE" -p process.versions.modules)" != 115 ]; then
  say "glibc $GLIBC here: uWS for this Node needs 2.38, so the service must refuse to start"
  start_service refused "$NODE"
  status=0; wait "$SERVICE_PID" || status=$?
  SERVICE_PID=
  [ "$status" = 1 ] || fail "expected exit 1 on glibc $GLIBC, got $status"
  grep -q 'UWS_NATIVE_BINDING_MISSING' "$SCRATCH/service.log" || fail "no UWS_NATIVE_BINDING_MISSING in the refusal"
  grep -qi 'falling back' "$SCRATCH/service.log" && fail "the refusal mentions a fallback"
  say "refused as it should: $(grep -o 'patx: cannot start: UWS_NATIVE_BINDING_MISSING[^;]*' "$SCRATCH/service.log" | head -1)"

  # Debian 13's C library beside the system's, used by this one process through its own loader.
  say "fetching Debian 13 (trixie) libc6, libstdc++6, libgcc-s1 from Debian's registry"
  APT="$SCRATCH/apt"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$SCRATCH/trixie"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" >"$APT/sources.list"
  APT_OPTS=(-o "Dir::Etc::sourcelist=$APT/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "APT::Sandbox::User=root")
  apt-get "${APT_OPTS[@]}" update -qq >/dev/null
  (cd "$APT/debs" && apt-get "${APT_OPTS[@]}" download -qq libc6 libstdc++6 libgcc-s1 >/dev/null)
  for deb in "$APT"/debs/*.deb; do dpkg-deb -x "$deb" "$SCRATCH/trixie"; done
  LIBS=$(dirname "$(find "$SCRATCH/trixie" -name 'libc.so.6' | head -1)")
  LOADER=$(find "$SCRATCH/trixie" -name 'ld-linux-*.so.*' -path '*/lib/*' | head -1)
  RUN=("$LOADER" --library-path "$LIBS" "$NODE")
  GLIBC=$("${RUN[@]}" -p 'process.report.getReport().header.glibcVersionRuntime')
  say "running Node $("${RUN[@]}" --version) on glibc $GLIBC"
fi

start_service data "${RUN[@]}"
say "service started (pid $SERVICE_PID), gateway on 127.0.0.1:$P_GATEWAY; waiting for /readyz"
ready=
for _ in $(seq 1 300); do
  kill -0 "$SERVICE_PID" 2>/dev/null || fail "the service exited before it was ready"
  if curl -sf -o "$SCRATCH/readyz.json" "http://127.0.0.1:$P_GATEWAY/readyz"; then ready=1; break; fi
  sleep 1
done
[ -n "$ready" ] || fail "not ready within 300 s"
say "ready: $(head -c 300 "$SCRATCH/readyz.json")"

ABI=$("${RUN[@]}" -p process.versions.modules)
grep -q "\"abi\":\"$ABI\".*\"msg\":\"uWS native binding loaded\"" "$SCRATCH/service.log" || fail "no 'uWS native binding loaded' line for ABI $ABI"
grep -qi 'falling back\|fallback implementation' "$SCRATCH/service.log" && fail "the log mentions a JavaScript fallback"
say "native uWS: $(grep -o '"package":"[^"]*","uws":"[^"]*","binary":"[^"]*"' "$SCRATCH/service.log" | head -1)"

kill -INT "$SERVICE_PID"
status=0; wait "$SERVICE_PID" || status=$?
SERVICE_PID=
[ "$status" = 0 ] || fail "exit $status after SIGINT"
grep -q '"msg":"stopped"' "$SCRATCH/service.log" || fail "no 'stopped' line after SIGINT"
say "stopped cleanly on SIGINT (exit 0)"
say "ok: Node $MAJOR started natively, ready, stopped cleanly"
