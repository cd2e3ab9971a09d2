// The synthetic graph generator (npm run generate), at a small size: the same
// seed gives the same graph, the counts are those asked for, the graph has
// the seed's shape, every evidence quotes its source, the bulk path agrees
// with the real ingest, and a failure leaves nothing behind.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { GraphNotEmptyError, loadGraphFiles, writeGraphFiles } from '../../tools/generate/copy.ts';
import { generateInto } from '../../tools/generate/generate.ts';
import { KINDS, SyntheticGraph } from '../../tools/generate/graph.ts';
import { KnowledgeFile } from '../../src/ingest/knowledge-format.ts';
import { ingestKnowledge } from '../../src/ingest/load.ts';
import { openTestDatabase, type TestDatabase, testLog } from '../helpers/server.ts';

const SMALL = { entities: 400, relations: 2_000, observations: 2_000, factsPerSource: 40 };

const scratch: string[] = [];
const opened: TestDatabase[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-generator-test-'));
  scratch.push(dir);
  return dir;
};
const database = async () => {
  const db = await openTestDatabase(inject('testServer'), 'migrated');
  opened.push(db);
  return db;
};
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A digest of every COPY file the generator writes for a seed. */
function digestOf(seed: number): string {
  const files = writeGraphFiles(new SyntheticGraph(SMALL, seed), tempDir());
  const hash = createHash('sha256');
  for (const name of readdirSync(files.dir).sort()) hash.update(name).update(readFileSync(path.join(files.dir, name)));
  return hash.digest('hex');
}

const count = async (db: TestDatabase, sql: string) => Number((await db.pool.query(sql)).rows[0].n);

const ATTRIBUTE_TABLES: Record<string, string> = {
  CUSTOMS_OFFICE: 'customs_office', BONDED_ZONE: 'bonded_zone', AIRPORT: 'airport', POLICY: 'policy', INDUSTRY: 'industry',
  PRODUCT: 'product', REGION: 'region', ORGANIZATION: 'organization', EVENT: 'event',
};

/** The whole graph in terms of slugs and text, never ids: two loads of the same files compare equal. */
async function dump(db: TestDatabase) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    metrics: await q(`SELECT m.slug, m.name, m.description, m.unit_kind, s.slug AS defined_by FROM metric m LEFT JOIN source s ON s.id = m.defined_by_source_id ORDER BY 1`),
    sources: await q(`SELECT slug, title, publisher, published_on::text, editors, language, text, text_sha256 FROM source ORDER BY slug`),
    entities: await q(`SELECT e.slug, e.kind, e.name, e.aliases, e.description, s.slug AS defined_by FROM entity e LEFT JOIN source s ON s.id = e.defined_by_source_id ORDER BY 1`),
    offices: await q(`SELECT e.slug, c.level, c.customs_code, p.slug AS parent FROM customs_office c JOIN entity e ON e.id = c.entity_id LEFT JOIN entity p ON p.id = c.parent_office_id ORDER BY 1`),
    industries: await q(`SELECT e.slug, p.slug AS parent FROM industry i JOIN entity e ON e.id = i.entity_id LEFT JOIN entity p ON p.id = i.parent_industry_id ORDER BY 1`),
    others: await q(`SELECT e.slug, to_jsonb(z) - 'entity_id' AS zone, to_jsonb(a) - 'entity_id' AS airport, to_jsonb(p) - 'entity_id' AS policy,
                            to_jsonb(pr) - 'entity_id' AS product, to_jsonb(r) - 'entity_id' AS region, to_jsonb(o) - 'entity_id' AS org, to_jsonb(ev) - 'entity_id' AS event
                     FROM entity e LEFT JOIN bonded_zone z ON z.entity_id = e.id LEFT JOIN airport a ON a.entity_id = e.id LEFT JOIN policy p ON p.entity_id = e.id
                     LEFT JOIN product pr ON pr.entity_id = e.id LEFT JOIN region r ON r.entity_id = e.id LEFT JOIN organization o ON o.entity_id = e.id
                     LEFT JOIN event ev ON ev.entity_id = e.id ORDER BY 1`),
    mentions: await q(`SELECT e.slug, s.slug AS source, ev.quote, ev.start_offset, ev.end_offset FROM entity_mention m JOIN entity e ON e.id = m.entity_id
                       JOIN evidence ev ON ev.id = m.evidence_id JOIN source s ON s.id = ev.source_id ORDER BY 1, 2, 4`),
    relations: await q(`SELECT su.slug AS subject, r.predicate, ob.slug AS object, r.role, r.valid_from::text, r.valid_to::text, r.basis, r.note,
                               s.slug AS source, ev.quote, ev.start_offset, ev.end_offset
                        FROM relation r JOIN entity su ON su.id = r.subject_id JOIN entity ob ON ob.id = r.object_id
                        JOIN evidence ev ON ev.id = r.evidence_id JOIN source s ON s.id = r.source_id ORDER BY source, start_offset, subject, predicate, object`),
    observations: await q(`SELECT m.slug AS metric, su.slug AS subject, sc.slug AS scope, st.slug AS stated_by, o.value::text, o.unit, o.period_start::text,
                                  o.period_end::text, o.period_label, o.change_basis, o.change_value::text, o.change_unit, o.change_benchmark, o.note,
                                  s.slug AS source, ev.quote, ev.start_offset, ev.end_offset
                           FROM observation o JOIN metric m ON m.id = o.metric_id JOIN entity su ON su.id = o.subject_id
                           LEFT JOIN entity sc ON sc.id = o.scope_id LEFT JOIN entity st ON st.id = o.stated_by_id
                           JOIN evidence ev ON ev.id = o.evidence_id JOIN source s ON s.id = o.source_id ORDER BY source, start_offset, metric, subject`),
  };
}

const pgliteOnly = inject('testServer').kind === 'pglite';

describe('the synthetic graph', () => {
  it('is the same for the same seed, and different for another', () => {
    const first = digestOf(7);
    expect(digestOf(7)).toBe(first);
    expect(digestOf(8)).not.toBe(first);
  });

  it('has every kind, hubs with many edges and most entities with a handful, in many moderate sources', () => {
    const graph = new SyntheticGraph({ ...SMALL, entities: 2_000, relations: 20_000, observations: 0 }, 3);
    const degree = new Map<string, number>();
    let sources = 0;
    let longest = 0;
    for (const { file, text } of graph.sources()) {
      sources++;
      longest = Math.max(longest, text.length);
      for (const r of file.relations) for (const slug of [r.subject, r.object]) degree.set(slug, (degree.get(slug) ?? 0) + 1);
    }
    expect(new Set(graph.entities.map((e) => e.kind))).toEqual(new Set(KINDS));
    const degrees = [...degree.values()].sort((a, b) => a - b);
    const median = degrees[Math.floor(degrees.length / 2)]!;
    expect(median).toBeLessThanOrEqual(12);
    expect(degrees.at(-1)!).toBeGreaterThan(20 * median);
    expect(sources).toBeGreaterThanOrEqual(20_000 / 40);
    expect(longest).toBeLessThan(20_000);
  });
});

describe.skipIf(pgliteOnly)('npm run generate into a database', () => {
  it('loads the counts asked for, typed attributes for every kind, and quotes that match their sources', async () => {
    const db = await database();
    const report = await generateInto(db.url, { ...SMALL, seed: 11, log: testLog });
    expect(report.counts.entity).toBe(SMALL.entities);
    expect(await count(db, 'SELECT count(*) AS n FROM entity')).toBe(SMALL.entities);
    expect(await count(db, 'SELECT count(*) AS n FROM relation')).toBe(SMALL.relations);
    expect(await count(db, 'SELECT count(*) AS n FROM observation')).toBe(SMALL.observations);
    expect(await count(db, 'SELECT count(DISTINCT kind) AS n FROM entity')).toBe(KINDS.length);
    for (const [kind, table] of Object.entries(ATTRIBUTE_TABLES)) {
      const entities = await count(db, `SELECT count(*) AS n FROM entity WHERE kind = '${kind}'`);
      expect(await count(db, `SELECT count(*) AS n FROM ${table} t JOIN entity e ON e.id = t.entity_id AND e.kind = '${kind}'`), table).toBe(entities);
    }
    // Every entity is named by a source; every quote is the text at its offsets.
    expect(await count(db, 'SELECT count(*) AS n FROM entity e WHERE NOT EXISTS (SELECT 1 FROM entity_mention m WHERE m.entity_id = e.id)')).toBe(0);
    expect(await count(db, 'SELECT count(*) AS n FROM evidence')).toBe(report.counts.evidence);
    expect(
      await count(db, `SELECT count(*) AS n FROM evidence e JOIN source s ON s.id = e.source_id
                       WHERE substr(s.text, e.start_offset + 1, e.end_offset - e.start_offset) <> e.quote`),
    ).toBe(0);
    expect(await count(db, 'SELECT count(DISTINCT change_basis) AS n FROM observation')).toBe(3);
    expect(await count(db, 'SELECT count(DISTINCT metric_id) AS n FROM observation')).toBeGreaterThan(20);
    expect(await count(db, 'SELECT count(DISTINCT period_label) AS n FROM observation')).toBeGreaterThan(100);
    // ANALYZE ran: the planner has statistics for the new rows.
    expect(await count(db, `SELECT count(*) AS n FROM pg_stats WHERE tablename = 'relation' AND attname = 'subject_id'`)).toBe(1);
    // VACUUM ran: pages are marked all-visible, so walks can use index-only scans.
    expect(await count(db, `SELECT relallvisible AS n FROM pg_class WHERE relname = 'relation'`)).toBeGreaterThan(0);
    // Sequences continue after the loaded ids, so the ingest can add to the graph.
    const next = await db.pool.query(`SELECT nextval(pg_get_serial_sequence('entity', 'id'))::int AS id`);
    expect(next.rows[0].id).toBe(SMALL.entities + 1);
  });

  it('records the bulk load as one change-log entry, not one per row, and leaves the log recording afterwards', async () => {
    const db = await database();
    const before = await count(db, 'SELECT count(*) AS n FROM change_log');
    const report = await generateInto(db.url, { ...SMALL, seed: 12, log: testLog });
    const rows = Object.values(report.counts).reduce((a, b) => a + b, 0);
    expect(await count(db, 'SELECT count(*) AS n FROM change_log')).toBe(before + 1);
    const [entry] = (await db.pool.query(`SELECT actor, action, operation, table_name, reason, after FROM change_log ORDER BY id DESC LIMIT 1`)).rows;
    expect(entry).toMatchObject({ action: 'generate', operation: 'LOAD', table_name: '*' });
    expect(entry.after.rows).toBe(rows);
    expect(entry.after.tables.relation).toBe(SMALL.relations);
    expect(entry.reason).toMatch(/not recorded one by one/);
    // The row triggers are on again: a change made after the load is recorded.
    await db.pool.query(`UPDATE entity SET description = 'edited after the load' WHERE id = 1`);
    expect(await count(db, `SELECT count(*) AS n FROM change_log WHERE table_name = 'entity' AND row_key = '1' AND operation = 'UPDATE'`)).toBe(1);
    const disabled = await db.pool.query(`SELECT tgrelid::regclass::text AS t FROM pg_trigger WHERE tgname = 'record_change' AND tgenabled = 'D'`);
    expect(disabled.rows).toEqual([]);
  });

  it('writes the same graph as ingesting its knowledge files one by one', async () => {
    const size = { entities: 120, relations: 500, observations: 500, factsPerSource: 50 };
    const bulk = await database();
    await generateInto(bulk.url, { ...size, seed: 5, log: testLog });
    const ingested = await database();
    for (const { file, text } of new SyntheticGraph(size, 5).sources()) {
      const textSha256 = createHash('sha256').update(text).digest('hex');
      await ingestKnowledge(ingested.prisma, { file: KnowledgeFile.parse(file), text, textSha256 }, file.source.slug);
    }
    const [a, b] = [await dump(bulk), await dump(ingested)];
    expect(a.relations).toHaveLength(size.relations);
    expect(a).toEqual(b);
  });

  it('leaves nothing behind when the database rejects a quote at commit or a row on the way', async () => {
    const db = await database();
    const graph = new SyntheticGraph(SMALL, 9);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // A quote one character off its source text: only the deferred trigger sees it, at COMMIT.
      const files = writeGraphFiles(graph, tempDir());
      const evidence = path.join(files.dir, 'evidence.tsv');
      const lines = readFileSync(evidence, 'utf8').split('\n');
      const cols = lines[1234]!.split('\t');
      cols[2] = `X${cols[2]!.slice(1)}`;
      lines[1234] = cols.join('\t');
      writeFileSync(evidence, lines.join('\n'));
      await expect(loadGraphFiles(client, files)).rejects.toThrow(/does not quote its source/);
      for (const table of ['entity', 'source', 'evidence', 'relation', 'observation', 'metric']) {
        expect(await count(db, `SELECT count(*) AS n FROM ${table}`), table).toBe(0);
      }

      // A relation to an entity that does not exist: the foreign key stops the COPY.
      const again = writeGraphFiles(graph, tempDir());
      const relation = path.join(again.dir, 'relation.tsv');
      writeFileSync(relation, readFileSync(relation, 'utf8').replace(/^(\d+)\t\d+\t/m, '$1\t999999\t'));
      await expect(loadGraphFiles(client, again)).rejects.toThrow(/foreign key/);
      expect(await count(db, 'SELECT count(*) AS n FROM entity')).toBe(0);
      // The change log's row trigger, off during the load, is on again after both rollbacks, and nothing was logged.
      expect(await count(db, `SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'record_change' AND tgenabled = 'D'`)).toBe(0);
      expect(await count(db, `SELECT count(*) AS n FROM change_log WHERE action = 'generate'`)).toBe(0);

      // The intact files load; a second load is refused rather than mixed in.
      await loadGraphFiles(client, writeGraphFiles(graph, tempDir()));
      expect(await count(db, 'SELECT count(*) AS n FROM relation')).toBe(SMALL.relations);
      await expect(loadGraphFiles(client, writeGraphFiles(graph, tempDir()))).rejects.toThrow(GraphNotEmptyError);
      await loadGraphFiles(client, writeGraphFiles(new SyntheticGraph({ ...SMALL, relations: 10 }, 9), tempDir()), { replace: true });
      expect(await count(db, 'SELECT count(*) AS n FROM relation')).toBe(10);
    } finally {
      await client.end();
    }
  });
});
