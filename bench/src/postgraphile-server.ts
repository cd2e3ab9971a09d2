// PostGraphile v5 over the same tables, in a process of its own (so it never
// shares an event loop with the load generator). Amber preset (the defaults)
// plus @graphile/pg-aggregates for grouped aggregates; GraphiQL off, also on
// GET, so only GraphQL is measured. PORT, DATABASE_URL, POOL_MAX from the env.
import './polyfill.ts';
import { createServer } from 'node:http';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
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
