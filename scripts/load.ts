// npm run load: drives a running server with the docs' example queries
// (autocannon, each connection cycling through them) and prints requests per
// second, p50/p95/p99 latency and the error count. A response is an error if
// its status is not 200 or its body has GraphQL errors; timeouts and socket
// errors count too. Figures, not a test: load generator, server and database
// usually share the machine, so compare runs on one machine, never across.
//
//   npm run load -- [--url http://127.0.0.1:4000/graphql] [--connections 50] [--duration 60]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_QUERY } from '../src/graphiql.ts';
import { docQueries } from './doc-examples.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 4000}/graphql` },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
  },
});

const queries = [...docQueries(), { name: 'GraphiQL default query', query: DEFAULT_QUERY }];

/** The value below which `p` percent of the sorted samples lie (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main() {
  const url = values.url!;
  // Fail early and clearly when nothing answers, and check every query runs cleanly once.
  for (const { name, query } of queries) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).catch(
      (err: Error) => {
        console.error(`No server answers at ${url} (${err.message}). Start one with npm start, or pass --url.`);
        process.exit(1);
      },
    );
    const body = (await response.json()) as { errors?: unknown[] };
    if (response.status !== 200 || body.errors) {
      console.error(`${name} fails before any load: ${response.status} ${JSON.stringify(body.errors)}`);
      process.exit(1);
    }
  }

  const latencies: number[] = [];
  let graphqlErrors = 0;
  console.log(`load: ${values.connections} connections for ${values.duration} s against ${url}, cycling ${queries.length} queries: ${queries.map((q) => q.name).join(', ')}`);
  const options: autocannon.Options = {
    url,
    connections: Number(values.connections),
    duration: Number(values.duration),
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: queries.map(({ query }) => ({
      body: JSON.stringify({ query }),
      onResponse: (status: number, body: string) => {
        if (status === 200 && body.includes('"errors"')) graphqlErrors += 1;
      },
    })),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, finished) => (err ? reject(err) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });

  latencies.sort((a, b) => a - b);
  const errors = result.non2xx + result.errors + result.timeouts + graphqlErrors;
  const figures = {
    requests: result.requests.total,
    'requests/s': Math.round((result.requests.total / result.duration) * 10) / 10,
    'p50 ms': Math.round(percentile(latencies, 50) * 10) / 10,
    'p95 ms': Math.round(percentile(latencies, 95) * 10) / 10,
    'p99 ms': Math.round(percentile(latencies, 99) * 10) / 10,
    'max ms': Math.round((latencies.at(-1) ?? Number.NaN) * 10) / 10,
    errors,
  };
  console.table([figures]);
  console.log(`errors: ${result.non2xx} non-2xx, ${graphqlErrors} with GraphQL errors, ${result.errors} socket errors, ${result.timeouts} timeouts`);
  process.exitCode = errors > 0 ? 1 : 0;
}

await main();
