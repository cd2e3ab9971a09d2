// Ingest is idempotent, says what it changed, and treats the file as the truth
// for its source: edited facts are updated, removed facts deleted.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { formatReport } from '../../src/ingest/report.ts';
import { scratchFolder, seedKnowledge, writeKnowledge } from '../helpers/knowledge.ts';
import { openTestDatabase, SEED_FILE, type TestDatabase } from '../helpers/server.ts';
import { snapshot } from '../helpers/snapshot.ts';

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'migrated');
  dir = scratchFolder();
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest', () => {
  it('creates everything the first time and nothing the second time', async () => {
    const first = await ingestKnowledgeFile(db.prisma, SEED_FILE);
    expect(first.total).toEqual({ created: 191, updated: 0, unchanged: 0, deleted: 0 });
    const before = await snapshot(db.pool);

    const second = await ingestKnowledgeFile(db.prisma, SEED_FILE);
    expect(second.total).toEqual({ created: 0, updated: 0, unchanged: 191, deleted: 0 });
    expect(formatReport(second, 'seed.json')).toMatch(/0 created, 0 updated, 191 unchanged, 0 deleted/);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it('updates what changed and retracts what the file no longer states', async () => {
    const k = seedKnowledge();
    const tianzhu = k.observations.find((o: any) => o.subject === 'tianzhu-comprehensive-bonded-zone');
    tianzhu.note = 'Edited note.';
    k.entities.find((e: any) => e.slug === 'wang-hui').description = 'Deputy head of Beijing Customs.';
    const dropped = k.relations.findIndex((r: any) => r.predicate === 'FOCUSES_ON');
    const droppedQuote = k.relations[dropped].evidence.quote;
    k.relations.splice(dropped, 1);

    const report = await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, k));
    expect(report.byKind.observations).toEqual({ created: 0, updated: 1, unchanged: 14, deleted: 0 });
    expect(report.byKind.entities).toEqual({ created: 0, updated: 1, unchanged: 31, deleted: 0 });
    expect(report.byKind.relations).toEqual({ created: 0, updated: 0, unchanged: 35, deleted: 1 });
    // The relation is retracted, not deleted (issue 17): it and the passage it quotes are kept.
    expect(report.byKind.evidence.deleted).toBe(0);
    const left = await db.pool.query(`SELECT count(*)::int AS n FROM evidence WHERE quote = $1`, [droppedQuote]);
    expect(left.rows[0].n).toBe(1);
    const kept = await db.pool.query(`SELECT retracted_in FROM retracted_relation WHERE predicate = 'FOCUSES_ON'`);
    expect(kept.rows).toEqual([{ retracted_in: 'ingestSource' }]);

    // Stated again, the relation comes back with its id.
    const restored = await ingestKnowledgeFile(db.prisma, SEED_FILE);
    expect(restored.total).toMatchObject({ created: 1, updated: 2 });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM retracted_relation`)).rows[0].n).toBe(0);
  });

  it('rolls back a dry run but still counts what it would do', async () => {
    const k = seedKnowledge();
    k.metrics.push({ slug: 'new-metric', name: 'New metric', unitKind: 'COUNT' });
    const before = await snapshot(db.pool);
    const report = await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, k), { dryRun: true });
    expect(report.byKind.metrics.created).toBe(1);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it('lets a second source reuse the first one’s entities and metrics by slug', async () => {
    const text = 'Beijing Customs reported that Tianzhu Comprehensive Bonded Zone handled 80.1 billion yuan in 2024.';
    const { writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    writeFileSync(path.join(dir, 'second.txt'), text);
    const second = {
      format: 'tradegraph-knowledge/1',
      source: { slug: 'second-source', title: 'A second report', publishedOn: '2025-01-10', textFile: 'second.txt' },
      observations: [
        {
          metric: 'import-export-value',
          subject: 'tianzhu-comprehensive-bonded-zone',
          value: '80.1 billion',
          unit: 'CNY',
          period: { start: '2024-01-01', end: '2024-12-31' },
          evidence: { quote: 'Tianzhu Comprehensive Bonded Zone handled 80.1 billion yuan in 2024' },
        },
      ],
    };
    const report = await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, second));
    expect(report.byKind.observations.created).toBe(1);
    expect(report.byKind.entities).toEqual({ created: 0, updated: 0, unchanged: 0, deleted: 0 });
    const label = await db.pool.query(
      `SELECT o.period_label, o.value::text FROM observation o JOIN source s ON s.id = o.source_id WHERE s.slug = 'second-source'`,
    );
    expect(label.rows).toEqual([{ period_label: '2024', value: '80100000000.000000' }]);
    // Re-ingesting the first source leaves the second source's facts alone.
    await ingestKnowledgeFile(db.prisma, SEED_FILE);
    const still = await db.pool.query(`SELECT count(*)::int AS n FROM observation o JOIN source s ON s.id = o.source_id WHERE s.slug = 'second-source'`);
    expect(still.rows[0].n).toBe(1);
  });
});
