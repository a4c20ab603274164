# --- build: install every dependency, compile TypeScript, then drop the dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV DO_NOT_TRACK=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
# Manifests first: the npm ci layer stays cached until the dependencies change.
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json codegen.yml schema.graphql ./
COPY scripts/build-console.sh ./scripts/
COPY src ./src
COPY console ./console
# Only src and console are copied, so only the service, its CLIs and the operator console are built (not bench/ or test/).
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# --- runtime: compiled code and production dependencies only, run as the unprivileged "node" user ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DO_NOT_TRACK=1 \
    PORT=4000
WORKDIR /app
# Owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
USER node
EXPOSE 4000
# Liveness only (/healthz); readiness with dependency status is /readyz. Node 20 has a global fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same image runs the CLIs, e.g. `node dist/src/cli/retrain.js --days 30` or `node dist/src/cli/generate.js`.
CMD ["node", "dist/src/app/main.js"]
