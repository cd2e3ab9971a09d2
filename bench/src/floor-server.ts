// The floor: a bare node:http server that answers each query of the mix with
// the fewest hand-written SQL statements through pg, in a process of its own.
// Everything a GraphQL server adds (parsing, validation, planning, resolvers,
// ORM) is overhead over this. PORT, DATABASE_URL, POOL_MAX, BENCH_PARAMS from the env.
import { createServer } from 'node:http';
import pg from 'pg';
import { benchQueries } from './queries.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });
pool.on('error', (err) => console.error('floor pool:', err.message));
const handlers = new Map(benchQueries(JSON.parse(process.env.BENCH_PARAMS!)).map((q) => [`/${q.id}`, q.floor]));

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const handler = handlers.get(req.url ?? '');
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    handler(pool).then(
      (data) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data })),
      (err: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: err.message }] })),
    );
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor listening'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
