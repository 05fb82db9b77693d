#!/usr/bin/env bash
# Builds the PATX image (IMAGE_TAG, default patx:latest) from this checkout's Dockerfile on the
# local base patx-base:trixie, which it first builds when missing or stale
# (scripts/docker/build-base.sh: reused when its recipe is unchanged). Docker's layer cache
# makes a second build of unchanged sources take seconds: the lockfile's `npm ci` layer is
# reused across source changes. The build uses the host's network (`--network host`: the npm
# registry is reached as the host reaches it). When the host's npm trusts a CA of its own
# (`npm config get cafile`, e.g. a proxy that re-signs TLS), that file is given to the build's
# npm ci only (.docker-npm-ca.pem, removed after; the image never holds it).
# Prints the image's size last. Extra arguments go to `docker build`.
# Leaves the build stage tagged <name>-build:cache and removes the untagged images earlier builds
# on this base left.
set -euo pipefail
cd "$(dirname "$0")/../.."
IMAGE_TAG=${IMAGE_TAG:-patx:latest}
BASE_TAG=${BASE_TAG:-patx-base:trixie}
say() { echo "build-image: $*"; }

BASE_TAG="$BASE_TAG" bash scripts/docker/build-base.sh

CA_FILE=$(npm config get cafile 2>/dev/null || true)
if [ -n "$CA_FILE" ] && [ "$CA_FILE" != null ] && [ "$CA_FILE" != undefined ] && [ -f "$CA_FILE" ]; then
  cp "$CA_FILE" .docker-npm-ca.pem
  trap 'rm -f .docker-npm-ca.pem' EXIT
  say "the build's npm ci trusts the host npm's cafile ($CA_FILE)"
fi

started=$(date +%s)
# The legacy builder (what Debian's docker.io has without buildx) is enough for this Dockerfile.
DOCKER_BUILDKIT=0 docker build --network host --build-arg "BASE_IMAGE=$BASE_TAG" -t "$IMAGE_TAG" "$@" . 2>&1 |
  grep -v '^DEPRECATED: The legacy builder\|^ *BuildKit is currently disabled\|^ *Install the buildx\|^ *https://docs.docker.com/go/buildx\|^ *environment-variable\.$\|^$' || true
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build-image: docker build failed" >&2; exit 1; }
# The build stage tagged (it is the layer cache of the next build: npm ci's layer), then what
# earlier builds left untagged on this base removed, so rebuilds do not pile up on the disk.
DOCKER_BUILDKIT=0 docker build -q --network host --build-arg "BASE_IMAGE=$BASE_TAG" --target build -t "${IMAGE_TAG%%:*}-build:cache" "$@" . >/dev/null
docker image prune -f --filter "label=patx.base.recipe" >/dev/null
say "$IMAGE_TAG built in $(($(date +%s) - started)) s; size $(docker image ls --format '{{.Size}}' "$IMAGE_TAG") (base $BASE_TAG $(docker image ls --format '{{.Size}}' "$BASE_TAG"))"
