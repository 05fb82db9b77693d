# PATX service image: Node 20 on Debian bookworm, same commands as the README.
FROM node:20-bookworm-slim

WORKDIR /app
# Inside a container the gateway must listen on every interface to be reachable.
ENV NODE_ENV=production \
    PATX_DATA_DIR=/app/data \
    PATX_HOST=0.0.0.0 \
    PATX_PORT=8480 \
    PATX_MARKET_DATA_PORT=8481

# Install from the lockfile first so the layer caches across source changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json ./
COPY bin ./bin
COPY proto ./proto
COPY src ./src
COPY examples ./examples

# The journal and snapshots live here; mount a volume to keep them.
VOLUME ["/app/data"]
EXPOSE 8480 8481

# tsx runs the TypeScript sources directly (no separate build output to drift).
CMD ["npm", "start"]
