# jit-access in a container: build with the dev tools, run with production dependencies only.
# Tested outside a container with the same commands (test/drills/packed-package.drill.ts runs the
# runtime stage's `npm ci --omit=dev --workspaces=false` and start); the image itself is not built by any test here.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The lockfile also lists the repository's tool packages (packages/github-emulator, packages/bench): not built here.
RUN npm ci --workspaces=false --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim
# HOST: Probot listens on localhost unless told otherwise, which inside a container no published
# port and no other container (the compose file's proxy) can reach.
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# No build step here: `prepack` builds for `npm pack`, nothing builds on install, so TypeScript is not needed.
RUN npm ci --omit=dev --workspaces=false --no-audit --no-fund && npm cache clean --force
# Where AUDIT_LOG_FILE goes when set (.env.example): a volume mounted here is writable by the app's user.
RUN mkdir -p /var/log/jit-access && chown node:node /var/log/jit-access
COPY --from=build /src/lib ./lib
COPY bin ./bin
COPY app.yml .env.example ./
# The image's own non-root user; the app writes nothing but its logs (stdout) and, if set, AUDIT_LOG_FILE (mount a volume).
USER node
EXPOSE 3000
# /healthz answers once the server listens; unlike Probot's /ping it is not logged below debug.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains: running reconciles finish, locks are released (see docs/operations.md).
STOPSIGNAL SIGTERM
CMD ["node", "bin/start.js"]
