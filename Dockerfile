# tradegraph server image. With docker compose it talks to the PostgreSQL
# service through DATABASE_URL; without DATABASE_URL it would run its own
# embedded PostgreSQL under /app/.data.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY seed ./seed
COPY tsconfig.json schema.graphql ./
# The explorer's bundle (its sources were not there when npm ci ran postinstall).
RUN npm run build:explorer
RUN chown -R node:node /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:4000/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "src/server.ts"]
