// PostGraphile v5 over the same tables, in a process of its own (so it never
// shares an event loop with the load generator). Amber preset (the defaults)
// plus @graphile/pg-aggregates for grouped aggregates; GraphiQL off, also on
// GET, so only GraphQL is measured. PORT, DATABASE_URL, POOL_MAX from the env.
// WEB_CONCURRENCY=N runs N such processes on the port with node:cluster, as
// tradegraph does: a Node.js process uses one core, whichever server it runs.
import './polyfill.ts';
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset, PgAggregatesPreset],
  // Unindexed columns are not filterable or orderable by default; the bench's
  // equivalent queries order by the same keys as tradegraph (all indexed) and
  // filter relations by predicate, which is the second column of its index.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.POOL_MAX ?? 10) },
    }),
  ],
  grafserv: { port, graphiql: false, graphiqlOnGraphQLGET: false, watch: false },
  grafast: { explain: false },
};

async function serve() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.on('error', (err) => {
    console.error(err);
    process.exit(1);
  });
  await serv.addTo(server);
  if (process.argv.includes('--print-schema')) {
    const { printSchema } = await import('graphql');
    console.log(printSchema(await pgl.getSchema()));
    process.exit(0);
  }
  server.listen(port, '127.0.0.1', () => console.log(`postgraphile listening on ${port}`));
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  });
}

if (cluster.isPrimary && workers > 1 && !process.argv.includes('--print-schema')) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  });
} else {
  await serve();
}
