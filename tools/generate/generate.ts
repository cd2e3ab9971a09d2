// Generates a synthetic graph into a database: migrate, generate and check
// every knowledge file, COPY it all in one transaction, then VACUUM ANALYZE:
// statistics so the planner has them for the new rows (without them
// PostgreSQL's JIT and bad join orders make every nested query slow), and the
// visibility map, without which no index-only scan is chosen (a walk's levels
// then read the heap of every relation they touch: a hub's neighbourhood took
// about a third longer on a freshly loaded graph).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/database.ts';
import type { Logger } from '../../src/logger.ts';
import { type Counts, loadGraphFiles, type Progress, rate, writeGraphFiles } from './copy.ts';
import { type GraphSize, SyntheticGraph } from './graph.ts';

/** Where `npm run generate` and `npm run bench` keep the generated graph: never the server's .data. */
export const DEFAULT_DATA_DIR = path.join(projectRoot, '.data-generated');

export interface GenerateOptions extends GraphSize {
  seed: number;
  /** Replace a graph the database already holds (else it must be empty). */
  replace?: boolean;
  progress?: Progress;
  log: Logger;
}

export interface GenerateReport {
  counts: Counts;
  sources: number;
  /** Entities, relations and observations. */
  facts: number;
  generateMs: number;
  copyMs: number;
  commitMs: number;
  analyzeMs: number;
  totalMs: number;
}

const MIGRATE_POOL = {
  TRADEGRAPH_DB_POOL_MAX: 2,
  TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: 10_000,
  TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: 60_000,
  TRADEGRAPH_DB_IDLE_TIMEOUT_MS: 10_000,
};

export async function generateInto(url: string, options: GenerateOptions): Promise<GenerateReport> {
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  // Migrates the database (and checks it is UTF-8) the way the server does.
  await (await connectDatabase(url, MIGRATE_POOL, options.log)).close();

  const graph = new SyntheticGraph(options, options.seed);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-generate-'));
  try {
    progress(
      `Generating ${graph.entities.length.toLocaleString('en-US')} entities, ${options.relations.toLocaleString('en-US')} relations and ` +
        `${options.observations.toLocaleString('en-US')} observations in about ${graph.sourceCount.toLocaleString('en-US')} sources (seed ${options.seed})`,
    );
    const files = writeGraphFiles(graph, dir, progress);
    const facts = files.counts.entity + files.counts.relation + files.counts.observation;
    progress(`  generated and checked ${facts.toLocaleString('en-US')} facts in ${(files.ms / 1000).toFixed(1)} s (${rate(facts, files.ms)} facts/s)`);

    const client = new pg.Client({ connectionString: url, application_name: 'tradegraph-generate' });
    await client.connect();
    let load;
    let analyzeMs: number;
    try {
      progress('Loading with COPY in one transaction (constraints and triggers on)');
      load = await loadGraphFiles(client, files, { replace: options.replace, progress });
      progress(`  committed in ${(load.commitMs / 1000).toFixed(1)} s`);
      const analyzeStarted = Date.now();
      await client.query('VACUUM (ANALYZE)');
      analyzeMs = Date.now() - analyzeStarted;
    } finally {
      await client.end();
    }
    return {
      counts: files.counts,
      sources: files.sources,
      facts,
      generateMs: files.ms,
      copyMs: load.copyMs,
      commitMs: load.commitMs,
      analyzeMs,
      totalMs: Date.now() - started,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
