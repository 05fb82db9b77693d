#!/usr/bin/env bash
# CI: the PATX image built and run under Docker (npm run test:image, test/deploy/image.test.ts).
# Installs Debian's docker.io and mmdebstrap when missing, starts dockerd (as root, in the
# background, logging to /var/log/dockerd.log) when no engine answers, and leaves it running:
# its images are the cache of the next run (the base is rebuilt only when its recipe changes,
# the image's layers only from the first changed file; a warm run takes about half a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
fi
if ! docker info >/dev/null 2>&1; then
  echo "image: starting dockerd (log: /var/log/dockerd.log)"
  nohup setsid dockerd >>/var/log/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "image: dockerd did not answer within 60 s" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi
npm run test:image
echo "image: built and tested in $(($(date +%s) - started)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
