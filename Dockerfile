# syntax=docker/dockerfile:1
#
# The production image: the server against MongoDB (MONGODB_URI) and Meilisearch (MEILI_URL).
# The embedded database (FerretDB over SQLite, started through a Go launcher built at install
# time) is for development and small single-server installs only, so no Go build stage is here:
# install scripts are skipped, and a container started without MONGODB_URI fails to start its
# database rather than quietly keeping data inside the container. See docs/deploy.md.

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. The web app, built with the development tools (Vite and its plugins).
FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY schema ./schema
COPY web ./web
RUN npm run build:web

# 2. The runtime: production dependencies only. tsx is one of them, because the server runs
#    its TypeScript sources as they are (there is no compile step).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY schema ./schema
COPY seeds ./seeds
COPY server ./server
COPY --from=web /app/web/dist ./web/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# One Node process (no npm wrapper), so SIGTERM reaches the server's graceful shutdown.
CMD ["node", "--import", "tsx", "server/main.ts"]
