# syntax=docker/dockerfile:1
# activation-mail's image. Every step is server/ship/production.sh, which CI runs outside Docker on
# a clean clone (`production.sh check` in .ci/run: build, production install into a new folder,
# start, render, send, stop), so what CI proves is what this image does. The image itself was not
# built where this was written (no registry to pull from there): see README, Running in production.

# Build: every dependency, then dist/ (the server bundled with its libraries, the store's seed,
# the API reference's bundle), then a production install of it in /app.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN sh server/ship/production.sh build && sh server/ship/production.sh install /app

# Run: Node, tini and /app; nothing to compile, no dev dependency, not root.
FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN mkdir /data && chown node:node /data
WORKDIR /app
# Off loopback the server needs API_KEYS, and RESEND_API_KEY (or MAIL_TRANSPORT=mailbox): given at
# `docker run -e` or in compose.yaml, never baked in.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
USER node
EXPOSE 3000
VOLUME ["/data"]
# Ready means the store answers (503 otherwise); node's fetch, since the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini as PID 1 passes SIGTERM on to Node (which then finishes its requests and sends) and reaps.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "server/ship/production.sh", "serve"]
