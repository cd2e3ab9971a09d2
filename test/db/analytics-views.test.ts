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
    expect(comments.rows.map((r) => r.relname)).toEqual(['changes', 'entity_facts', 'observation_facts', 'relation_facts', 'retracted_facts']);
    for (const row of comments.rows) expect(row.comment).toMatch(/^One row per/);
  });
});
