# The API image for docker-compose.yml. The explorer's JavaScript comes from the npm lockfile, in a build stage.
FROM node:20-slim AS web
WORKDIR /web
COPY api/web/package.json api/web/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY bench ./bench
COPY --from=web /web/node_modules ./api/web/node_modules
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["skg", "serve"]
