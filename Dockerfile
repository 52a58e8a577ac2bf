# trip-bot in a container: the bot, its shipped model and articles; the index (embeddings/) on a volume.
# Images cannot be pulled on this project's CI machines, so every RUN below is a command that .ci/production runs
# on a fresh clone (npm ci --omit=dev, npm run build; then the runtime files only, started as CMD and checked with
# the HEALTHCHECK command). Keep the two in step.

FROM node:20-slim AS build
WORKDIR /app
# The build context is a clean checkout: .dockerignore leaves out node_modules, dist, embeddings, .env and .git.
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    HEALTH_PORT=8081
WORKDIR /app
# Code and data are root's and read-only to the bot; only the index folder is its own.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/models models
COPY --from=build /app/seeds seeds
RUN mkdir embeddings && chown node:node embeddings
USER node
VOLUME /app/embeddings
# 8080: WEBHOOK_PORT (webhook mode only); 8081: /healthz and /metrics.
EXPOSE 8080 8081
# The first start builds the index (a few seconds for the shipped articles): the start period covers it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/cli/healthcheck.js"]
CMD ["node", "dist/main.js"]
