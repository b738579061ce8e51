# The jakamo-so image: the CLI (worker, sandbox, validate) on Node.js 20.
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY bin ./bin
# The Temporal binaries are not needed in the image: the worker connects to TEMPORAL_ADDRESS.
RUN TEMPORAL_CLI_PATH=/bin/true TEMPORAL_TEST_SERVER_PATH=/bin/true npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/jakamo-so.cjs"]
CMD ["worker"]
