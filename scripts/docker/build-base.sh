#!/usr/bin/env bash
# Builds the PATX image's base, patx-base:trixie, from Debian 13 (trixie) packages and the
# npm registry only: no image registry is pulled from. mmdebstrap installs trixie's minimal
# system (glibc 2.41, so the uWebSockets.js builds for Node 22/24 load) into a directory;
# Node comes from the npm registry's node-linux-<arch> package (the official build's bin/node)
# and npm from the registry's npm package; `docker import` makes the directory an image.
# The image is labelled with a digest of this script and the exact Node and npm versions: a
# second run with the same recipe reuses it (PATX_BASE_REBUILD=1 forces a new one).
# Needs root, docker, mmdebstrap and npm on the host; network to deb.debian.org and the npm registry.
#   NODE_MAJOR  (24)  Node's major version; the newest release of it on the registry is taken
#   NPM_MAJOR   (11)  npm's major version
#   BASE_TAG    (patx-base:trixie)
#   DEBIAN_MIRROR (http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE_MAJOR=${NODE_MAJOR:-24}
NPM_MAJOR=${NPM_MAJOR:-11}
BASE_TAG=${BASE_TAG:-patx-base:trixie}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
say() { echo "build-base: $*"; }

case "$(uname -m)" in
  x86_64) ARCH=x64 DEB_ARCH=amd64 ;;
  aarch64) ARCH=arm64 DEB_ARCH=arm64 ;;
  *) echo "build-base: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
for tool in docker mmdebstrap npm; do
  command -v "$tool" >/dev/null || { echo "build-base: $tool is missing (apt-get install docker.io mmdebstrap)" >&2; exit 1; }
done

# The exact versions the majors resolve to today, so the recipe's label names what is inside.
newest() { # $1: package@major -> the highest version of that major on the registry
  npm view "$1" version --json | node -e '
    const v = [].concat(JSON.parse(require("node:fs").readFileSync(0, "utf8")));
    console.log(v.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop());'
}
NODE_VERSION=$(newest "node-linux-$ARCH@$NODE_MAJOR")
NPM_VERSION=$(newest "npm@$NPM_MAJOR")
RECIPE=$( (sha256sum "$0" | cut -c1-16; echo "$NODE_VERSION $NPM_VERSION $DEB_ARCH $MIRROR") | sha256sum | cut -c1-16)
if [ "${PATX_BASE_REBUILD:-}" != 1 ] &&
  [ "$(docker image inspect -f '{{index .Config.Labels "patx.base.recipe"}}' "$BASE_TAG" 2>/dev/null || true)" = "$RECIPE" ]; then
  say "$BASE_TAG is current (recipe $RECIPE: Node $NODE_VERSION, npm $NPM_VERSION): reused"
  exit 0
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/patx-base.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
started=$(date +%s)
say "Node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$SCRATCH" && npm pack --silent "node-linux-$ARCH@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$SCRATCH/node" "$SCRATCH/npm"
tar -xzf "$SCRATCH"/node-linux-"$ARCH"-*.tgz -C "$SCRATCH/node" --strip-components=1
tar -xzf "$SCRATCH"/npm-*.tgz -C "$SCRATCH/npm" --strip-components=1

# trixie's minimal system (Essential packages and apt), without manuals, translations and
# documents other than the copyright files, and without apt's downloaded lists.
# Node goes to /usr/local, where the official images put it; the service's user `node` (uid
# 1000, as in those images) is written directly: minbase may carry no useradd.
say "Debian 13 (trixie, $DEB_ARCH) from $MIRROR into a directory"
mmdebstrap --variant=minbase --arch="$DEB_ARCH" --format=directory \
  --components=main \
  --aptopt='Acquire::Languages "none"' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log "$1"/var/log/apt/*' \
  --customize-hook="install -m 0755 '$SCRATCH/node/bin/node' \"\$1/usr/local/bin/node\"" \
  --customize-hook="mkdir -p \"\$1/usr/local/share/doc/node\" && cp '$SCRATCH/node/LICENSE' \"\$1/usr/local/share/doc/node/\"" \
  --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" && cp -a '$SCRATCH/npm' \"\$1/usr/local/lib/node_modules/npm\"" \
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
  --customize-hook='echo "node:x:1000:1000::/home/node:/bin/sh" >>"$1/etc/passwd" && echo "node:x:1000:" >>"$1/etc/group" && echo "node:*:20000:0:99999:7:::" >>"$1/etc/shadow" && mkdir -p "$1/home/node" && chown 1000:1000 "$1/home/node"' \
  trixie "$SCRATCH/root" \
  "deb $MIRROR trixie main" \
  "deb $MIRROR trixie-updates main" \
  "deb ${MIRROR%/debian}/debian-security trixie-security main"

GLIBC=$(chroot "$SCRATCH/root" /usr/local/bin/node -p 'process.report.getReport().header.glibcVersionRuntime')
say "root filesystem $(du -sh "$SCRATCH/root" | cut -f1), glibc $GLIBC, Node $(chroot "$SCRATCH/root" /usr/local/bin/node --version)"
tar --numeric-owner -C "$SCRATCH/root" -c . | docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change "LABEL patx.base.recipe=$RECIPE patx.base.node=$NODE_VERSION patx.base.npm=$NPM_VERSION patx.base.glibc=$GLIBC" \
  --change 'CMD ["node"]' \
  --message "Debian 13 (trixie) minbase, Node $NODE_VERSION, npm $NPM_VERSION" \
  - "$BASE_TAG" >/dev/null
say "$BASE_TAG built in $(($(date +%s) - started)) s: $(docker image ls --format '{{.Size}}' "$BASE_TAG")"
