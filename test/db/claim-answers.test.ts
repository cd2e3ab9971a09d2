// Whether each claim answers its question is stored (table outranked_claim)
// and kept by the database's triggers: after every kind of write that can
// change it (ingests revising the same questions from several sources with
// different publication dates, a curator's ranks, retraction and restoration,
// a source's new date, a moved question, a deleted source), the stored answer
// equals the rule of analytics.observation_claims for every observation.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { moveFromArchive, moveToArchive } from '../../src/sql/history.ts';
import { type Knowledge, scratchFolder, seedKnowledge, writeKnowledge } from '../helpers/knowledge.ts';
import { openTestDatabase, SAMPLE_FILES, SEED_FILE, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
let dir: string;
/** How many claims of the seed and the samples do not answer. */
let samplesOutranked = 0;
beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'migrated');
  dir = scratchFolder();
});
afterAll(() => db?.close());

async function rows<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

/** Observations whose stored answer differs from the view's rule (none, always), and how many do not answer. */
async function disagreements(): Promise<{ wrong: number[]; outranked: number; observations: number }> {
  const wrong = await rows<{ id: number }>(`
    SELECT c.observation_id AS id FROM analytics.observation_claims c
    LEFT JOIN outranked_claim x ON x.observation_id = c.observation_id
    WHERE c.answers = (x.observation_id IS NOT NULL)
    UNION ALL
    SELECT x.observation_id FROM outranked_claim x WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE o.id = x.observation_id)
    ORDER BY 1`);
  const [counts] = await rows<{ outranked: number; observations: number }>(
    `SELECT (SELECT count(*)::int FROM outranked_claim) AS outranked, (SELECT count(*)::int FROM observation) AS observations`,
  );
  return { wrong: wrong.map((r) => r.id), ...counts! };
}

/** No observation's stored answer differs from the view's rule; and, if given, so many do not answer. */
async function expectStoredAnswersTrue(outranked?: number): Promise<void> {
  const found = await disagreements();
  expect(found.wrong).toEqual([]);
  if (outranked !== undefined) expect(found.outranked).toBe(outranked);
}

/** A source restating every seed observation's question with its own figures (each figure `base + i`). */
function restatement(slug: string, publishedOn: string, base: number): Knowledge {
  const seed = seedKnowledge();
  const sentences: string[] = [];
  const observations = seed.observations.map((o: Knowledge, i: number) => {
    const value = String(base + i);
    const quote = `In ${slug}, figure ${i + 1} is ${value}.`;
    sentences.push(quote);
    return { metric: o.metric, subject: o.subject, ...(o.scope ? { scope: o.scope } : {}), value, unit: o.unit, period: o.period, evidence: { quote } };
  });
  writeFileSync(path.join(dir, `${slug}.txt`), sentences.join(' '));
  return { format: 'tradegraph-knowledge/1', source: { slug, title: `A restatement (${slug})`, publishedOn, textFile: `${slug}.txt` }, observations };
}

const idsOf = async (slug: string) =>
  (await rows<{ id: number }>(`SELECT o.id FROM observation o JOIN source s ON s.id = o.source_id WHERE s.slug = $1 ORDER BY o.id`, [slug])).map((r) => r.id);
const outranked = async (ids: number[]) =>
  (await rows<{ id: number }>(`SELECT observation_id AS id FROM outranked_claim WHERE observation_id = ANY($1::int[]) ORDER BY 1`, [ids])).map((r) => r.id);

describe('the stored answer of each claim', () => {
  it('follows ingests: revisions from several sources, each answering by its publication date', async () => {
    await ingestKnowledgeFile(db.prisma, SEED_FILE);
    await expectStoredAnswersTrue(0);
    for (const file of SAMPLE_FILES) await ingestKnowledgeFile(db.prisma, file);
    // The bulletin revises the seed's 2023 H1 import and export value of Beijing (and the samples revise each other).
    await expectStoredAnswersTrue();
    const seed = await idsOf('beijing-trade-h1-2023');
    expect(await outranked(seed)).toContain(seed[0]);
    samplesOutranked = (await disagreements()).outranked;

    // A later restatement of every seed question outranks every earlier claim ...
    await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, restatement('restatement-later', '2030-01-10', 100)));
    const later = await idsOf('restatement-later');
    expect(later).toHaveLength(seed.length);
    expect(await outranked(later)).toEqual([]);
    expect(await outranked(seed)).toEqual(seed);
    await expectStoredAnswersTrue(samplesOutranked + seed.length);
    // ... an earlier one outranks nothing, and is outranked itself.
    await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, restatement('restatement-earlier', '2020-01-10', 200)));
    const earlier = await idsOf('restatement-earlier');
    expect(await outranked(earlier)).toEqual(earlier);
    await expectStoredAnswersTrue(samplesOutranked + 2 * seed.length);
  });

  it('follows a source\'s new publication date, through an ingest or direct SQL', async () => {
    const earlier = await idsOf('restatement-earlier');
    const later = await idsOf('restatement-later');
    await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, restatement('restatement-earlier', '2031-01-10', 200)));
    expect(await outranked(earlier)).toEqual([]);
    expect(await outranked(later)).toEqual(later);
    await expectStoredAnswersTrue(samplesOutranked + 2 * later.length);
    await db.pool.query(`UPDATE source SET published_on = '2019-01-10' WHERE slug = 'restatement-earlier'`);
    expect(await outranked(earlier)).toEqual(earlier);
    expect(await outranked(later)).toEqual([]);
    await expectStoredAnswersTrue(samplesOutranked + 2 * later.length);
  });

  it('follows a curator\'s ranks: PREFERRED answers whatever its date, DEPRECATED never', async () => {
    const [seedClaim] = await idsOf('beijing-trade-h1-2023');
    const [laterClaim] = await idsOf('restatement-later');
    const start = (await disagreements()).outranked;
    await db.pool.query(`UPDATE observation SET rank = 'PREFERRED', rank_reason = 'a test' WHERE id = $1`, [seedClaim]);
    expect(await outranked([seedClaim!, laterClaim!])).toEqual([laterClaim]);
    await expectStoredAnswersTrue(start);
    // Deprecating the answering claim hands the question to the next one: the newest other publication.
    await db.pool.query(`UPDATE observation SET rank = 'NORMAL', rank_reason = NULL WHERE id = $1`, [seedClaim]);
    await db.pool.query(`UPDATE observation SET rank = 'DEPRECATED', rank_reason = 'a test' WHERE id = $1`, [laterClaim]);
    expect(await outranked([laterClaim!])).toEqual([laterClaim]);
    // Every claim of a question deprecated: none answers.
    const { rows: question } = await db.pool.query<{ id: number }>(
      `SELECT c.observation_id AS id FROM analytics.observation_claims c JOIN observation o ON o.id = $1
       WHERE c.metric_id = o.metric_id AND c.subject_id = o.subject_id AND c.scope_id IS NOT DISTINCT FROM o.scope_id
         AND c.period_start = o.period_start AND c.period_end = o.period_end`,
      [laterClaim],
    );
    await db.pool.query(`UPDATE observation SET rank = 'DEPRECATED' WHERE id = ANY($1::int[])`, [question.map((q) => q.id)]);
    expect(question.length).toBe(4);
    expect(await outranked(question.map((q) => q.id))).toEqual(question.map((q) => q.id).sort((a, b) => a - b));
    await expectStoredAnswersTrue(start + 1);
    await db.pool.query(`UPDATE observation SET rank = 'NORMAL', rank_reason = NULL WHERE id = ANY($1::int[])`, [question.map((q) => q.id)]);
    expect(await outranked([laterClaim!])).toEqual([]);
    await expectStoredAnswersTrue(start);
  });

  it('follows retraction and restoration of the answering claim', async () => {
    const later = await idsOf('restatement-later');
    const before = (await disagreements()).outranked;
    await db.prisma.$transaction((tx) => moveToArchive(tx, 'observation', later, { reason: 'a test', retractedIn: 'retractFact' }));
    // The seed (or the bulletin's revision) answers again where the restatement did.
    expect(await idsOf('restatement-later')).toEqual([]);
    await expectStoredAnswersTrue(before - later.length);
    await db.prisma.$transaction((tx) => moveFromArchive(tx, 'observation', later, 'a test'));
    expect(await outranked(later)).toEqual([]);
    await expectStoredAnswersTrue(before);
  });

  it('follows a claim moved to another question, an edit that changes no question, and a deleted source', async () => {
    const [laterClaim] = await idsOf('restatement-later');
    const before = (await disagreements()).outranked;
    // A note changes nothing.
    await db.pool.query(`UPDATE observation SET note = 'edited' WHERE id = $1`, [laterClaim]);
    await expectStoredAnswersTrue(before);
    // Moved to a period nobody else reports: it answers there alone, and its old question's next claim answers.
    await db.pool.query(`UPDATE observation SET period_start = '2001-01-01', period_end = '2001-12-31', period_label = '2001' WHERE id = $1`, [laterClaim]);
    expect(await outranked([laterClaim!])).toEqual([]);
    await expectStoredAnswersTrue(before - 1);
    await db.pool.query(`DELETE FROM source WHERE slug = 'restatement-later'`);
    await db.pool.query(`DELETE FROM source WHERE slug = 'restatement-earlier'`);
    // Back to the seed and the samples.
    await expectStoredAnswersTrue(samplesOutranked);
  });
});
