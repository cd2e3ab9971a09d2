// npm run generate -- --entities 100000 --relations 1000000 --observations 1000000 [--seed N]
//                     [--database-url URL | --data-dir DIR] [--replace]
// Writes a synthetic knowledge graph for benchmarks. By default into an
// embedded PostgreSQL in a data folder of its own (.data-generated), never the
// server's .data; or into the PostgreSQL of --database-url.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { IngestError } from '../../src/ingest/read.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphNotEmptyError, rate } from './copy.ts';
import { DEFAULT_DATA_DIR, generateInto } from './generate.ts';

const USAGE = `usage: npm run generate -- [--entities N] [--relations N] [--observations N] [--seed N]
                         [--database-url URL | --data-dir DIR] [--replace] [--facts-per-source N]
defaults: 100000 entities, 1000000 relations, 1000000 observations, seed 1, data folder .data-generated`;

function count(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${text}"`);
  return n;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      entities: { type: 'string' },
      relations: { type: 'string' },
      observations: { type: 'string' },
      seed: { type: 'string' },
      'facts-per-source': { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const size = {
    entities: count('entities', values.entities, 100_000, 10),
    relations: count('relations', values.relations, 1_000_000),
    observations: count('observations', values.observations, 1_000_000),
    factsPerSource: count('facts-per-source', values['facts-per-source'], 60, 1),
  };
  const seed = count('seed', values.seed, 1);
  if (values['database-url'] && values['data-dir']) throw new UsageError('pass --database-url or --data-dir, not both');
  const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');

  let url = values['database-url'];
  let stop = async () => {};
  if (!url) {
    const dataDir = path.resolve(values['data-dir'] ?? DEFAULT_DATA_DIR);
    const embedded = await startEmbeddedDatabase({ dataDir, port: 0, engine: 'postgres', log });
    console.log(`Target: embedded PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    url = embedded.url;
    stop = embedded.stop;
  } else {
    console.log(`Target: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  }
  try {
    const report = await generateInto(url, { ...size, seed, replace: values.replace, log, progress: (line) => console.log(line) });
    const c = report.counts;
    const loadMs = report.copyMs + report.commitMs;
    const rows = Object.values(c).reduce((a, b) => a + b, 0);
    console.log(
      [
        `Done in ${(report.totalMs / 1000).toFixed(1)} s: ${c.entity.toLocaleString('en-US')} entities, ${c.relation.toLocaleString('en-US')} relations, ` +
          `${c.observation.toLocaleString('en-US')} observations, ${c.evidence.toLocaleString('en-US')} evidence quotes, ` +
          `${report.sources.toLocaleString('en-US')} sources (${rows.toLocaleString('en-US')} rows).`,
        `  generate and check: ${(report.generateMs / 1000).toFixed(1)} s, COPY: ${(report.copyMs / 1000).toFixed(1)} s, ` +
          `COMMIT (quote trigger): ${(report.commitMs / 1000).toFixed(1)} s, VACUUM ANALYZE: ${(report.analyzeMs / 1000).toFixed(1)} s`,
        `  load rate: ${rate(report.facts, loadMs)} facts/s into the database (${rate(rows, loadMs)} rows/s); ` +
          `${rate(report.facts, report.totalMs)} facts/s end to end`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
    else if (err instanceof IngestError || err instanceof GraphNotEmptyError) console.error(err.message);
    else console.error(`generate failed: ${(err as Error).message}`);
    console.error('Nothing was written.');
    process.exit(1);
  },
);
