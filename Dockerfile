# PATX service image: Node 20 on Debian bookworm, same service as `npm start`.
# linux/amd64: the lockfile carries the local chain's (anvil) binary for linux-x64.
FROM node:20-bookworm-slim

WORKDIR /app
# Inside a container every server must listen on every interface to be reachable
# through published ports. PATX_PUBLIC_RPC_URL is the chain URL the service advertises
# to depositors (GET /v1/chain/contracts): set it to the address clients use to reach
# the published chain port, e.g. http://127.0.0.1:8545 for `-p 127.0.0.1:8545:8545`.
ENV NODE_ENV=production \
    PATX_DATA_DIR=/app/data \
    PATX_HOST=0.0.0.0 \
    PATX_PORT=8480 \
    PATX_MARKET_DATA_PORT=8481 \
    PATX_CHAIN_HOST=0.0.0.0 \
    PATX_CHAIN_PORT=8545 \
    PATX_PROVIDER_HOST=0.0.0.0 \
    PATX_PROVIDER_PORT=8490 \
    PATX_PUBLIC_RPC_URL=http://127.0.0.1:8545

# Install from the lockfile first so the layer caches across source changes. With
# NODE_ENV=production npm ci leaves out devDependencies; the service needs none (tsx
# runs the TypeScript sources, anvil comes as an optional platform package).
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json ./
COPY bin ./bin
COPY proto ./proto
COPY src ./src
COPY examples ./examples
COPY web ./web
# The web console's assets (web/dist), built now so the container's start only checks them.
RUN npm run build:web

# The journal, snapshots, the local chain's state and the operator credentials live here; mount a volume to keep them.
VOLUME ["/app/data"]
EXPOSE 8480 8481 8490 8545

# Exec form, node itself as PID 1 (not npm, which does not pass SIGTERM on): `docker stop`
# sends SIGTERM to node, which shuts down as on Ctrl-C (journal, snapshot, local chain).
# The flags are those of `npm start` (package.json); test/service/signals.test.ts runs
# this very command and checks the clean shutdown.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=64", "--max-inlined-bytecode-size-cumulative=12000", "--max-inlined-bytecode-size-absolute=20000", "--no-memory-reducer", "--v8-pool-size=1", "--import", "tsx", "src/main.ts"]
