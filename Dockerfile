# The API image for docker-compose.yml. The graph browser's JavaScript is installed from the npm lockfile.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY bench ./bench
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["skg", "serve"]
