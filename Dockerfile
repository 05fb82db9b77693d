# PATX service image: Node 20 on Debian bookworm, same commands as the README.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    PATX_DATA_DIR=/app/data

# Install from the lockfile first so the layer caches across source changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json ./
COPY bin ./bin
COPY proto ./proto
COPY src ./src

# The journal and snapshots live here; mount a volume to keep them.
VOLUME ["/app/data"]

# tsx runs the TypeScript sources directly (no separate build output to drift).
CMD ["npm", "start"]
