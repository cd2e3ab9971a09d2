// On start-up, an empty graph is loaded from the seed knowledge file through
// the same ingest path as `npm run ingest`.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ingestKnowledgeFile, type IngestReport } from './load.ts';

export async function seedIfEmpty(
  db: Pick<Database, 'prisma'>,
  config: Pick<Config, 'TRADEGRAPH_SEED_FILE' | 'TRADEGRAPH_SEED_ON_EMPTY' | 'TRADEGRAPH_INGEST_MAX_BYTES'>,
  log: Logger,
): Promise<IngestReport | null> {
  if (!config.TRADEGRAPH_SEED_ON_EMPTY) return null;
  const [sources, entities] = await Promise.all([db.prisma.source.count(), db.prisma.entity.count()]);
  if (sources > 0 || entities > 0) {
    log.info({ sources, entities }, 'graph already holds data; not seeding');
    return null;
  }
  const report = await ingestKnowledgeFile(db.prisma, config.TRADEGRAPH_SEED_FILE, {
    maxBytes: config.TRADEGRAPH_INGEST_MAX_BYTES,
    actor: { actor: 'seed', action: 'seed' },
  });
  log.info({ file: config.TRADEGRAPH_SEED_FILE, ...report.total, ms: report.ms }, 'seeded the empty graph');
  return report;
}
