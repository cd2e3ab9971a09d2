// npm run ingest -- <knowledge file> [--dry-run] [--overwrite-curated]
// Loads a knowledge file into the configured database (DATABASE_URL, or the
// embedded one), all or nothing, and says what changed.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { announceCommit } from '../redis/announce.ts';
import { formatReport } from './report.ts';
import { ingestKnowledgeFile } from './load.ts';
import { IngestError } from './read.ts';

const USAGE = 'usage: npm run ingest -- <knowledge file> [--dry-run] [--overwrite-curated]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, 'overwrite-curated': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const file = path.resolve(positionals[0]!);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  try {
    let lastShown = 0;
    const report = await ingestKnowledgeFile(db.prisma, file, {
      dryRun: values['dry-run'],
      overwriteCurated: values['overwrite-curated'],
      maxBytes: config.TRADEGRAPH_INGEST_MAX_BYTES,
      sourcesRoot: config.TRADEGRAPH_SOURCES_ROOT,
      onProgress: (phase, done, total) => {
        if (total < 10_000 || (Date.now() - lastShown < 1_000 && done < total)) return;
        lastShown = Date.now();
        process.stderr.write(`  ${phase}: ${done}/${total} (${Math.round((100 * done) / total)}%)\n`);
      },
    });
    console.log(formatReport(report, path.relative(process.cwd(), file), values['dry-run']));
    // Servers sharing a Redis stop serving older answers now, not at their next resync.
    if (config.REDIS_URL && !values['dry-run']) {
      const options = { url: config.REDIS_URL, prefix: config.TRADEGRAPH_REDIS_PREFIX, timeoutMs: config.TRADEGRAPH_REDIS_TIMEOUT_MS, pool: db.pool, log };
      const version = await announceCommit(options, { sourceSlug: report.source, origin: 'INGEST' });
      if (!version) console.error(`Redis could not be told; the servers will see the change within ${config.TRADEGRAPH_GRAPH_VERSION_RESYNC_MS} ms.`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof IngestError || err instanceof ConfigError) console.error(err.message);
    else console.error(`ingest failed: ${(err as Error).message}`);
    console.error('Nothing was written.');
    process.exit(1);
  },
);
