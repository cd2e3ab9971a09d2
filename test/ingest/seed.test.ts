// The seed source ingested: what the graph holds, fact by fact, with exact
// decimals and evidence that quotes the source at the right offsets.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
});
afterAll(() => db?.close());

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query<T>(sql, params);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** An observation as SQL users see it, with its metric, subject and quote. */
async function observation(metric: string, subject: string) {
  return one<{
    value: string;
    unit: string;
    period_start: string;
    period_end: string;
    period_label: string;
    change_basis: string | null;
    change_value: string | null;
    change_unit: string | null;
    change_benchmark: string | null;
    quote: string;
    stated_by: string | null;
    scope: string | null;
  }>(
    `SELECT o.value::text, o.unit::text, o.period_start::text, o.period_end::text, o.period_label,
            o.change_basis::text, o.change_value::text, o.change_unit::text, o.change_benchmark,
            ev.quote, sb.slug AS stated_by, sc.slug AS scope
     FROM observation o
     JOIN metric m ON m.id = o.metric_id JOIN entity s ON s.id = o.subject_id
     JOIN evidence ev ON ev.id = o.evidence_id
     LEFT JOIN entity sb ON sb.id = o.stated_by_id LEFT JOIN entity sc ON sc.id = o.scope_id
     WHERE m.slug = $1 AND s.slug = $2`,
    [metric, subject],
  );
}

async function relation(subject: string, predicate: string, object: string) {
  return one<{ role: string | null; basis: string; quote: string }>(
    `SELECT r.role, r.basis::text, ev.quote FROM relation r
     JOIN entity s ON s.id = r.subject_id JOIN entity o ON o.id = r.object_id JOIN evidence ev ON ev.id = r.evidence_id
     WHERE s.slug = $1 AND r.predicate = $2::predicate AND o.slug = $3`,
    [subject, predicate, object],
  );
}

describe('the seeded graph', () => {
  it('holds every entity, relation, observation and passage of the report', async () => {
    const counts = await one<Record<string, string>>(
      `SELECT (SELECT count(*) FROM entity) AS entities, (SELECT count(*) FROM relation) AS relations,
              (SELECT count(*) FROM observation) AS observations, (SELECT count(*) FROM evidence) AS evidence,
              (SELECT count(*) FROM metric) AS metrics, (SELECT count(*) FROM source) AS sources,
              (SELECT count(*) FROM entity_mention) AS mentions`,
    );
    expect(counts).toEqual({
      entities: '32',
      relations: '36',
      observations: '15',
      evidence: '60',
      metrics: '11',
      sources: '1',
      mentions: '36',
    });
  });

  it('quotes the source exactly at every evidence offset', async () => {
    const bad = await db.pool.query(
      `SELECT ev.id FROM evidence ev JOIN source s ON s.id = ev.source_id
       WHERE substr(s.text, ev.start_offset + 1, ev.end_offset - ev.start_offset) <> ev.quote`,
    );
    expect(bad.rowCount).toBe(0);
    const withoutEvidence = await one<{ n: string }>(
      `SELECT (SELECT count(*) FROM relation WHERE evidence_id IS NULL) + (SELECT count(*) FROM observation WHERE evidence_id IS NULL)
            + (SELECT count(*) FROM entity e WHERE NOT EXISTS (SELECT 1 FROM entity_mention m WHERE m.entity_id = e.id)) AS n`,
    );
    expect(withoutEvidence.n).toBe('0');
  });

  it('keeps the source text byte for byte', async () => {
    const { readFileSync } = await import('node:fs');
    const { SEED_TEXT } = await import('../helpers/knowledge.ts');
    const source = await one<{ text: string; published_on: string; editors: string[]; title: string }>(
      `SELECT text, published_on::text, editors, title FROM source WHERE slug = 'beijing-trade-h1-2023'`,
    );
    expect(Buffer.from(source.text, 'utf8').equals(readFileSync(SEED_TEXT))).toBe(true);
    // 12. The source itself: title, date, editors; and the press conference of that day.
    expect(source).toMatchObject({
      published_on: '2023-08-17',
      editors: ['Dong Zhaorui', 'Gao Xing'],
      title: 'Beijing Achieves Record High Import and Export Numbers in First Half of 2023',
    });
    const event = await one<{ starts_on: string; kind: string }>(
      `SELECT ev.starts_on::text, e.kind::text FROM entity e JOIN event ev ON ev.entity_id = e.id
       WHERE e.slug = 'beijing-trade-press-conference-2023-08-17'`,
    );
    expect(event).toEqual({ starts_on: '2023-08-17', kind: 'EVENT' });
  });

  it("1. Beijing's H1 2023 import and export: 2.07 trillion yuan, +3.8%, 3.4 points above the national average", async () => {
    expect(await observation('import-export-value', 'beijing')).toMatchObject({
      value: '2070000000000.000000',
      unit: 'CNY',
      period_start: '2023-01-01',
      period_end: '2023-06-30',
      period_label: '2023 H1',
      change_basis: 'YEAR_ON_YEAR',
      change_value: '3.800000',
      change_unit: 'PERCENT',
    });
    expect(await observation('import-export-value-growth', 'beijing')).toMatchObject({
      value: '3.800000',
      unit: 'PERCENT',
      change_basis: 'VERSUS_BENCHMARK',
      change_value: '3.400000',
      change_unit: 'PERCENTAGE_POINT',
      change_benchmark: 'national average growth rate',
      quote: 'marking a year-on-year increase of 3.8%. This growth rate exceeded the national average by 3.4 percentage points',
    });
  });

  it('2. Wang Hui: Party Committee member and deputy head of Beijing Customs, crediting the "bonded +" model in Tianzhu', async () => {
    expect(await relation('wang-hui', 'HOLDS_ROLE_AT', 'beijing-customs-party-committee')).toMatchObject({ role: 'member', basis: 'STATED' });
    expect(await relation('wang-hui', 'HOLDS_ROLE_AT', 'beijing-customs')).toMatchObject({ role: 'deputy head' });
    expect((await relation('wang-hui', 'CREDITS', 'bonded-plus-model')).quote).toContain('“bonded +” model in the Tianzhu Comprehensive Bonded Zone');
    expect(await relation('bonded-plus-model', 'APPLIES_TO', 'tianzhu-comprehensive-bonded-zone')).toMatchObject({ basis: 'STATED' });
  });

  it('3. Tianzhu, January-July 2023: 73.33 billion yuan, +33.5%, as Wang Hui stated', async () => {
    expect(await observation('import-export-value', 'tianzhu-comprehensive-bonded-zone')).toMatchObject({
      value: '73330000000.000000',
      period_label: '2023 Jan-Jul',
      change_value: '33.500000',
      change_unit: 'PERCENT',
      stated_by: 'wang-hui',
      quote:
        'During the period of January to July, the import and export volume in this zone reached 73.33 billion yuan, a significant year-on-year increase of 33.5%.',
    });
  });

  it('4. Daxing airport bonded area: 450 million yuan, an 11.6-fold increase, hosted by Daxing airport', async () => {
    expect(await observation('import-export-value', 'daxing-airport-comprehensive-bonded-area')).toMatchObject({
      value: '450000000.000000',
      change_value: '11.600000',
      change_unit: 'FOLD',
      change_basis: 'YEAR_ON_YEAR',
    });
    expect(await relation('beijing-daxing-international-airport', 'HOSTS', 'daxing-airport-comprehensive-bonded-area')).toMatchObject({
      basis: 'INFERRED',
    });
  });

  it('5. Zhongguancun: newly established, the first focused on R&D and innovation', async () => {
    const zone = await one<{ focus: string; zone_type: string; description: string }>(
      `SELECT b.focus, b.zone_type::text, e.description FROM entity e JOIN bonded_zone b ON b.entity_id = e.id
       WHERE e.slug = 'zhongguancun-comprehensive-bonded-zone'`,
    );
    expect(zone).toMatchObject({ focus: 'research and development and innovation', zone_type: 'COMPREHENSIVE_BONDED_ZONE' });
    expect(zone.description).toMatch(/first in China/);
  });

  it('6. Beijing has three comprehensive bonded areas, all supervised by Beijing Customs', async () => {
    expect(await observation('comprehensive-bonded-areas', 'beijing')).toMatchObject({ value: '3.000000', unit: 'COUNT' });
    const zones = await db.pool.query(
      `SELECT o.slug FROM relation r JOIN entity s ON s.id = r.subject_id JOIN entity o ON o.id = r.object_id
       WHERE s.slug = 'beijing-customs' AND r.predicate = 'SUPERVISES' AND o.kind = 'BONDED_ZONE' ORDER BY o.slug`,
    );
    expect(zones.rows.map((r) => r.slug)).toEqual([
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
  });

  it('7. The dual-hub channel: led by Beijing Customs, linking both airports; 27,000 flights (+59.9%), 4.294 million passengers (12.8-fold)', async () => {
    expect(await relation('dual-hub-air-transport-channel', 'IMPLEMENTED_BY', 'beijing-customs')).toMatchObject({ role: 'lead' });
    await relation('dual-hub-air-transport-channel', 'LINKS', 'beijing-capital-international-airport');
    await relation('dual-hub-air-transport-channel', 'LINKS', 'beijing-daxing-international-airport');
    expect((await relation('beijing-customs', 'SUPERVISES', 'beijing-capital-international-airport')).role).toBe('collaborative supervision');
    expect(await observation('inbound-outbound-flights', 'dual-hub-air-transport-channel')).toMatchObject({
      value: '27000.000000',
      change_value: '59.900000',
      change_unit: 'PERCENT',
      period_label: '2023 Jan-Jul',
    });
    expect(await observation('inbound-outbound-passengers', 'dual-hub-air-transport-channel')).toMatchObject({
      value: '4294000.000000',
      change_value: '12.800000',
      change_unit: 'FOLD',
    });
  });

  it('8. Business environment: four measures; tax reductions 2.39 billion and tax guarantees 38.03 billion yuan (+24.4%)', async () => {
    for (const policy of ['policies-to-enterprise-doorsteps', 'customs-policies-public-access', 'consolidated-tax-collection', 'diversified-tax-guarantees']) {
      await relation(policy, 'IMPLEMENTED_BY', 'beijing-customs');
    }
    expect(await observation('tax-reductions', 'beijing-customs')).toMatchObject({ value: '2390000000.000000', change_value: null });
    expect(await observation('tax-guarantees', 'beijing-customs')).toMatchObject({
      value: '38030000000.000000',
      change_value: '24.400000',
      period_label: '2023 Jan-Jul',
    });
  });

  it('9. Beijing-Tianjin-Hebei clearance mechanism: 257 key enterprises, 2.8 percentage points', async () => {
    expect(await observation('enterprises-covered', 'bth-supply-chain-clearance-mechanism')).toMatchObject({ value: '257.000000', unit: 'COUNT' });
    expect(await observation('import-export-growth-contribution', 'bth-supply-chain-clearance-mechanism')).toMatchObject({
      value: '2.800000',
      unit: 'PERCENTAGE_POINT',
      scope: 'beijing-tianjin-hebei',
    });
    for (const region of ['beijing', 'tianjin', 'hebei']) await relation(region, 'PART_OF', 'beijing-tianjin-hebei');
  });

  it('10. Industrial policies: white list, smart approval (+40% export speed), core model, exhibition model, the focus industries', async () => {
    await relation('medical-import-white-list', 'APPLIES_TO', 'medical-and-health-industry');
    await relation('core-supervision-model', 'APPLIES_TO', 'integrated-circuit-industry');
    await relation('exhibition-clearance-model', 'APPLIES_TO', 'exhibition-industry');
    await relation('beijing-customs', 'FOCUSES_ON', 'high-end-smart-green-industries');
    expect(await observation('export-speed-gain', 'smart-approval-reform')).toMatchObject({ value: '40.000000', unit: 'PERCENT' });
  });

  it('11. Export growth Jan-Jul 2023: solar cells +59.6%, electric passenger vehicles +175.7%, lithium-ion batteries +53.6%', async () => {
    const growth = await db.pool.query(
      `SELECT s.slug, o.value::text, sc.slug AS scope FROM observation o JOIN metric m ON m.id = o.metric_id
       JOIN entity s ON s.id = o.subject_id JOIN entity sc ON sc.id = o.scope_id
       WHERE m.slug = 'export-value-growth' ORDER BY o.value DESC`,
    );
    expect(growth.rows).toEqual([
      { slug: 'electric-passenger-vehicles', value: '175.700000', scope: 'beijing' },
      { slug: 'solar-cells', value: '59.600000', scope: 'beijing' },
      { slug: 'lithium-ion-batteries', value: '53.600000', scope: 'beijing' },
    ]);
  });

  it('notes the readings it chose where the report is ambiguous', async () => {
    expect((await observation('import-export-value', 'daxing-airport-comprehensive-bonded-area')).quote).toContain('11.6-fold');
    const daxingNote = await one<{ note: string }>(
      `SELECT o.note FROM observation o JOIN entity s ON s.id = o.subject_id WHERE s.slug = 'daxing-airport-comprehensive-bonded-area'`,
    );
    expect(daxingNote.note).toMatch(/No period is given/);
    const taxNote = await one<{ note: string }>(
      `SELECT o.note FROM observation o JOIN metric m ON m.id = o.metric_id WHERE m.slug = 'tax-guarantees'`,
    );
    expect(taxNote.note).toMatch(/may refer to the two together/);
    // Every INFERRED relation says why it is drawn.
    const unexplained = await one<{ n: number }>(`SELECT count(*)::int AS n FROM relation WHERE basis = 'INFERRED' AND note IS NULL`);
    expect(unexplained.n).toBe(0);
  });
});
