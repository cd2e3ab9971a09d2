// The analytics views: one row per fact, documented, joinable with each other.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
});
afterAll(() => db?.close());

const count = async (relation: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${relation}`)).rows[0]!.n;

describe('analytics views', () => {
  it('hold one row per observation, relation and entity of the seed', async () => {
    expect(await count('analytics.observation_facts')).toBe(15);
    expect(await count('analytics.relation_facts')).toBe(36);
    expect(await count('analytics.entity_facts')).toBe(32);
    expect(await count('analytics.observation_facts')).toBe(await count('observation'));
  });

  it('join relations to the figures of their objects, with the quotes behind both', async () => {
    const { rows } = await db.pool.query(`
      SELECT r.subject_name AS office, r.object_name AS zone, o.value::text, o.unit, o.change_value::text, o.change_unit, o.period_label, r.basis
      FROM analytics.relation_facts r
      JOIN analytics.observation_facts o ON o.subject_id = r.object_id AND o.metric_slug = 'import-export-value'
      WHERE r.predicate = 'SUPERVISES' AND r.object_kind = 'BONDED_ZONE'
      ORDER BY o.value DESC`);
    expect(rows).toEqual([
      {
        office: 'Beijing Customs',
        zone: 'Tianzhu Comprehensive Bonded Zone',
        value: '73330000000',
        unit: 'CNY',
        change_value: '33.5',
        change_unit: 'PERCENT',
        period_label: '2023 Jan-Jul',
        basis: 'INFERRED',
      },
      {
        office: 'Beijing Customs',
        zone: 'Daxing International Airport Comprehensive Bonded Area',
        value: '450000000',
        unit: 'CNY',
        change_value: '11.6',
        change_unit: 'FOLD',
        period_label: '2023 Jan-Jul',
        basis: 'INFERRED',
      },
    ]);
  });

  it('flatten kind attributes and count each entity\'s facts', async () => {
    const { rows } = await db.pool.query(`
      SELECT e.slug, e.kind, e.iata_code, e.outgoing_relations, e.incoming_relations, e.observations, e.mentions
      FROM analytics.entity_facts e WHERE e.slug IN ('beijing-customs', 'beijing-daxing-international-airport') ORDER BY e.slug`);
    expect(rows).toEqual([
      { slug: 'beijing-customs', kind: 'CUSTOMS_OFFICE', iata_code: null, outgoing_relations: 6, incoming_relations: 12, observations: 2, mentions: 3 },
      { slug: 'beijing-daxing-international-airport', kind: 'AIRPORT', iata_code: 'PKX', outgoing_relations: 1, incoming_relations: 2, observations: 0, mentions: 1 },
    ]);
  });

  it('quote their sources exactly and are documented', async () => {
    const { rows } = await db.pool.query(`
      SELECT count(*)::int AS n FROM analytics.observation_facts f JOIN source s ON s.id = f.source_id
      WHERE substr(s.text, f.start_offset + 1, f.end_offset - f.start_offset) = f.quote`);
    expect(rows[0].n).toBe(15);
    const comments = await db.pool.query(`
      SELECT c.relname, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'analytics' ORDER BY 1`);
    expect(comments.rows.map((r) => r.relname)).toEqual(['changes', 'entity_facts', 'observation_claims', 'observation_facts', 'relation_facts', 'retracted_facts', 'series_points']);
    for (const row of comments.rows) expect(row.comment).toMatch(/^One row per/);
  });
});

describe('claims and series views on the seed plus the samples', () => {
  let samples: TestDatabase;
  beforeAll(async () => {
    samples = await openTestDatabase(inject('testServer'), 'samples');
  });
  afterAll(() => samples?.close());

  it('rank the claims of a revised figure: the later publication answers, both are disputed', async () => {
    const { rows } = await samples.pool.query(`
      SELECT source_slug, value::text, claim_rank, claim_rank_reason, claim_count, claim_disputed, claim_answers
      FROM analytics.observation_facts
      WHERE metric_slug = 'import-export-value' AND subject_slug = 'beijing' AND period_label = '2023 H1' ORDER BY source_published_on`);
    expect(rows).toEqual([
      {
        source_slug: 'beijing-trade-h1-2023', value: '2070000000000', claim_rank: 'NORMAL',
        claim_rank_reason: 'superseded by a more recent publication (sample-beijing-bulletin-2023-jan-aug)', claim_count: 2, claim_disputed: true, claim_answers: false,
      },
      {
        source_slug: 'sample-beijing-bulletin-2023-jan-aug', value: '2080000000000', claim_rank: 'PREFERRED',
        claim_rank_reason: 'the most recent publication (sample-beijing-bulletin-2023-jan-aug, 2023-09-20)', claim_count: 2, claim_disputed: true, claim_answers: true,
      },
    ]);
    const answering = await samples.pool.query(`SELECT count(*)::int AS n FROM analytics.observation_claims WHERE answers`);
    const questions = await samples.pool.query(`SELECT count(DISTINCT (metric_id, subject_id, scope_id, period_start, period_end))::int AS n FROM observation`);
    expect(answering.rows[0].n).toBe(questions.rows[0].n);
  });

  it("give Beijing's quarterly series with its gap", async () => {
    const { rows } = await samples.pool.query(`
      SELECT period_label, value::text FROM analytics.series_points
      WHERE metric_slug = 'import-export-value' AND subject_slug = 'beijing' AND granularity = 'QUARTER' ORDER BY slot`);
    expect(rows).toEqual([
      { period_label: '2022 Q4', value: '940000000000' },
      { period_label: '2023 Q1', value: null },
      { period_label: '2023 Q2', value: '1070000000000' },
      { period_label: '2023 Q3', value: '950000000000' },
      { period_label: '2023 Q4', value: '970000000000' },
    ]);
  });
});
