// The fictional sample sources (samples/) ingested after the seed, in order,
// through the function `npm run ingest` uses: they load cleanly, a second run
// changes nothing, they say they are fictional, and they hold what issue 16
// (claims, series, period-safe analytics) is tested on: revised figures,
// overlapping periods, series with gaps and growth rates of different periods.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestKnowledgeFile, type IngestReport } from '../../src/ingest/load.ts';
import { dataOf, openTestApi } from '../helpers/api.ts';
import { openTestDatabase, SAMPLE_FILES, SEED_FILE, type TestDatabase } from '../helpers/server.ts';

const SEED = 'beijing-trade-h1-2023';
const BULLETIN = 'sample-beijing-bulletin-2023-jan-aug';
const REVIEW = 'sample-beijing-review-2023';
const FILES = [SEED_FILE, ...SAMPLE_FILES];

let db: TestDatabase;
const firstRun: IngestReport[] = [];

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'migrated');
  for (const file of FILES) firstRun.push(await ingestKnowledgeFile(db.prisma, file));
});
afterAll(() => db?.close());

async function rows<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

/** Distinct periods of one metric on one subject (no scope), in period order. */
const PERIODS_OF = `
  SELECT DISTINCT o.period_start, o.period_end, o.period_label
  FROM observation o JOIN metric m ON m.id = o.metric_id JOIN entity s ON s.id = o.subject_id
  WHERE m.slug = $1 AND s.slug = $2 AND o.scope_id IS NULL`;

/**
 * The calendar slots of `months` months (1: months, 3: quarters) from the first to the last
 * period of that length a metric has on a subject, each with the period's label or null: a gap.
 */
async function slots(metric: string, subject: string, months: number) {
  return rows<{ slot: string; label: string | null }>(
    `WITH p AS (${PERIODS_OF}),
          aligned AS (
            SELECT * FROM p
            WHERE extract(day FROM period_start) = 1 AND (extract(month FROM period_start)::int - 1) % $3 = 0
              AND period_end = (period_start + make_interval(months => $3) - interval '1 day')::date)
     SELECT g.slot::date::text AS slot, a.period_label AS label
     FROM generate_series((SELECT min(period_start) FROM aligned), (SELECT max(period_start) FROM aligned),
                          make_interval(months => $3)) AS g(slot)
     LEFT JOIN aligned a ON a.period_start = g.slot::date
     ORDER BY g.slot`,
    [metric, subject, months],
  );
}

describe('ingesting the seed and the samples in order', () => {
  it('loads each file cleanly: the samples add facts and mention the seed entities without redefining them', () => {
    expect(firstRun.map((r) => r.source)).toEqual([SEED, BULLETIN, REVIEW]);
    for (const r of firstRun) expect(r.total).toMatchObject({ updated: 0, deleted: 0 });
    const [, bulletin, review] = firstRun;
    expect(bulletin!.byKind).toMatchObject({
      source: { created: 1 },
      metrics: { created: 2 },
      entities: { created: 0, unchanged: 5 },
      observations: { created: 13 },
    });
    expect(review!.byKind).toMatchObject({
      source: { created: 1 },
      metrics: { created: 0 },
      entities: { created: 0, unchanged: 9 },
      relations: { created: 1 },
      observations: { created: 18 },
    });
  });

  it('changes nothing when every file is ingested again', async () => {
    for (const file of FILES) {
      const again = await ingestKnowledgeFile(db.prisma, file);
      expect(again.total, again.source).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    }
  });

  it('refuses the review without the bulletin before it, which defines its export and import value metrics', async () => {
    const seededOnly = await openTestDatabase(inject('testServer'), 'seeded');
    try {
      await expect(ingestKnowledgeFile(seededOnly.prisma, SAMPLE_FILES[1]!, { dryRun: true })).rejects.toThrow(
        /observations\[2\]\.metric: unknown metric "export-value"/,
      );
    } finally {
      await seededOnly.close();
    }
  });
});

describe('what the samples are', () => {
  it('say they are fictional in their text, title and publisher; the seed stays the only real source', async () => {
    const sources = await rows<{ slug: string; publisher: string | null; title: string; opening: string }>(
      `SELECT slug, publisher, title, left(text, 36) AS opening FROM source ORDER BY published_on`,
    );
    expect(sources.map((s) => s.slug)).toEqual([SEED, BULLETIN, REVIEW]);
    const [seed, ...samples] = sources;
    expect(seed!.publisher).toBeNull();
    expect(seed!.title).not.toMatch(/fictional|sample/i);
    for (const s of samples) {
      expect(s.opening).toBe('FICTIONAL SAMPLE - NOT A REAL REPORT');
      expect(s.publisher).toBe('tradegraph sample data (fictional)');
      expect(s.title).toMatch(/\(fictional sample, not a real report\)$/);
    }
  });

  it('back every fact with a quote of their own text, and define only two metrics', async () => {
    const facts = await rows<{ source: string; observations: number; relations: number; mentions: number }>(
      `SELECT src.slug AS source,
              (SELECT count(*)::int FROM observation o JOIN evidence ev ON ev.id = o.evidence_id AND ev.source_id = src.id) AS observations,
              (SELECT count(*)::int FROM relation r JOIN evidence ev ON ev.id = r.evidence_id AND ev.source_id = src.id) AS relations,
              (SELECT count(*)::int FROM entity_mention em JOIN evidence ev ON ev.id = em.evidence_id AND ev.source_id = src.id) AS mentions
       FROM source src ORDER BY src.published_on`,
    );
    expect(facts).toEqual([
      { source: SEED, observations: 15, relations: 36, mentions: 36 },
      { source: BULLETIN, observations: 13, relations: 0, mentions: 6 },
      { source: REVIEW, observations: 18, relations: 1, mentions: 10 },
    ]);
    const misquoted = await rows(
      `SELECT ev.id FROM evidence ev JOIN source s ON s.id = ev.source_id
       WHERE substr(s.text, ev.start_offset + 1, ev.end_offset - ev.start_offset) <> ev.quote`,
    );
    expect(misquoted).toEqual([]);
    const definitions = await rows<{ slug: string }>(
      `SELECT m.slug FROM metric m JOIN source s ON s.id = m.defined_by_source_id WHERE s.slug <> $1
       UNION ALL SELECT e.slug FROM entity e JOIN source s ON s.id = e.defined_by_source_id WHERE s.slug <> $1
       ORDER BY 1`,
      [SEED],
    );
    expect(definitions.map((d) => d.slug)).toEqual(['export-value', 'import-value']);
  });
});

describe('what issue 16 is tested on', () => {
  it('revisions: three (metric, subject, period) keys have a value from each of two sources, the later one different', async () => {
    const claims = await rows(
      `SELECT m.slug AS metric, s.slug AS subject, o.period_label AS period,
              array_agg(src.slug ORDER BY src.published_on) AS sources,
              array_agg(trim_scale(o.value)::text ORDER BY src.published_on) AS "values"
       FROM observation o JOIN metric m ON m.id = o.metric_id JOIN entity s ON s.id = o.subject_id
       JOIN source src ON src.id = o.source_id
       GROUP BY m.slug, s.slug, o.scope_id, o.period_start, o.period_end, o.period_label
       HAVING count(DISTINCT o.source_id) >= 2
       ORDER BY 1, 2, 3`,
    );
    expect(claims).toEqual([
      { metric: 'import-export-value', subject: 'beijing', period: '2023 H1', sources: [SEED, BULLETIN], values: ['2070000000000', '2080000000000'] },
      {
        metric: 'import-export-value',
        subject: 'tianzhu-comprehensive-bonded-zone',
        period: '2023 Jan-Jul',
        sources: [SEED, BULLETIN],
        values: ['73330000000', '73510000000'],
      },
      { metric: 'import-export-value-growth', subject: 'beijing', period: '2023 H1', sources: [SEED, BULLETIN], values: ['3.8', '4'] },
    ]);
  });

  it("overlapping periods: Beijing's import and export value for 2023 H1, its Q2, July, Jan-Aug, the year and its quarters", async () => {
    const periods = await rows<{ period_label: string }>(`${PERIODS_OF} ORDER BY period_start, period_end`, ['import-export-value', 'beijing']);
    expect(periods.map((p) => p.period_label)).toEqual([
      '2022 Q4',
      '2023 H1',
      '2023 Jan-Aug',
      '2023',
      '2023 Q2',
      '2023 Jul',
      '2023 Q3',
      '2023 H2',
      '2023 Aug',
      '2023 Q4',
      '2023 Dec',
    ]);
    const overlaps = await rows<{ a: string; b: string }>(
      `WITH p AS (${PERIODS_OF})
       SELECT a.period_label AS a, b.period_label AS b FROM p a JOIN p b
         ON (a.period_start, a.period_end) < (b.period_start, b.period_end)
        AND daterange(a.period_start, a.period_end, '[]') && daterange(b.period_start, b.period_end, '[]')`,
      ['import-export-value', 'beijing'],
    );
    const pairs = overlaps.map((o) => `${o.a} & ${o.b}`);
    expect(pairs).toEqual(expect.arrayContaining(['2023 H1 & 2023 Q2', '2023 H1 & 2023 Jan-Aug', '2023 Jan-Aug & 2023 Jul', '2023 & 2023 Q4', '2023 Q3 & 2023 H2']));
    expect(pairs).not.toContain('2023 Q2 & 2023 Q3');
    expect(pairs).toHaveLength(24);

    // Summed naively, 2023's overlapping figures come to more than three times the year's value;
    // disjoint halves (with the revised H1) make the year exactly.
    const [sums] = await rows<{ naive: string; year: string; halves: string; halves_with_preliminary_h1: string }>(
      `WITH v AS (
         SELECT o.period_label, src.slug AS source, o.value FROM observation o
         JOIN metric m ON m.id = o.metric_id AND m.slug = 'import-export-value'
         JOIN entity s ON s.id = o.subject_id AND s.slug = 'beijing' JOIN source src ON src.id = o.source_id
         WHERE o.period_start >= '2023-01-01')
       SELECT trim_scale(sum(value) FILTER (WHERE source <> $1))::text AS naive,
              trim_scale(sum(value) FILTER (WHERE period_label = '2023'))::text AS year,
              trim_scale(sum(value) FILTER (WHERE period_label IN ('2023 H1', '2023 H2') AND source <> $1))::text AS halves,
              trim_scale(sum(value) FILTER (WHERE period_label IN ('2023 H1', '2023 H2') AND source <> $2))::text AS halves_with_preliminary_h1
       FROM v`,
      [SEED, BULLETIN],
    );
    expect(sums).toEqual({ naive: '14665100000000', year: '4000000000000', halves: '4000000000000', halves_with_preliminary_h1: '3990000000000' });
  });

  it('overlapping periods of a count: dual-hub flights for Jan-Jul, Jan-Aug and 2023, one from each source', async () => {
    const flights = await rows(
      `SELECT o.period_label AS period, trim_scale(o.value)::text AS value, src.slug AS source
       FROM observation o JOIN metric m ON m.id = o.metric_id JOIN entity s ON s.id = o.subject_id JOIN source src ON src.id = o.source_id
       WHERE m.slug = 'inbound-outbound-flights' AND s.slug = 'dual-hub-air-transport-channel' ORDER BY o.period_end`,
    );
    expect(flights).toEqual([
      { period: '2023 Jan-Jul', value: '27000', source: SEED },
      { period: '2023 Jan-Aug', value: '31900', source: BULLETIN },
      { period: '2023', value: '48600', source: REVIEW },
    ]);
  });

  it("series with gaps: Beijing's quarters run 2022 Q4, (2023 Q1 missing), Q2, Q3, Q4; its months Jul, Aug, (Sep-Nov missing), Dec", async () => {
    expect(await slots('import-export-value', 'beijing', 3)).toEqual([
      { slot: '2022-10-01', label: '2022 Q4' },
      { slot: '2023-01-01', label: null },
      { slot: '2023-04-01', label: '2023 Q2' },
      { slot: '2023-07-01', label: '2023 Q3' },
      { slot: '2023-10-01', label: '2023 Q4' },
    ]);
    expect(await slots('import-export-value', 'beijing', 1)).toEqual([
      { slot: '2023-07-01', label: '2023 Jul' },
      { slot: '2023-08-01', label: '2023 Aug' },
      { slot: '2023-09-01', label: null },
      { slot: '2023-10-01', label: null },
      { slot: '2023-11-01', label: null },
      { slot: '2023-12-01', label: '2023 Dec' },
    ]);
    expect((await slots('import-export-value', 'beijing', 6)).map((s) => s.label)).toEqual(['2023 H1', '2023 H2']);
  });

  it("series to date: Tianzhu's year-to-date values for Jan-Jun, Jan-Jul, Jan-Aug and the year, Sep to Nov missing", async () => {
    const toDate = await rows<{ period_label: string; sources: number }>(
      `SELECT o.period_label, count(*)::int AS sources FROM observation o
       JOIN metric m ON m.id = o.metric_id AND m.slug = 'import-export-value'
       JOIN entity s ON s.id = o.subject_id AND s.slug = 'tianzhu-comprehensive-bonded-zone'
       WHERE o.period_start = '2023-01-01' GROUP BY o.period_end, o.period_label ORDER BY o.period_end`,
    );
    expect(toDate).toEqual([
      { period_label: '2023 H1', sources: 1 },
      { period_label: '2023 Jan-Jul', sources: 2 },
      { period_label: '2023 Jan-Aug', sources: 1 },
      { period_label: '2023', sources: 1 },
    ]);
  });

  it('growth rates by period: the products rank differently in Jan-Jul and in 2023, and a ranking of both lists each twice', async () => {
    const byPeriod = await rows<{ period: string; ranking: string[] }>(
      `SELECT o.period_label AS period, array_agg(s.slug || ' ' || trim_scale(o.value) ORDER BY o.value DESC) AS ranking
       FROM observation o JOIN metric m ON m.id = o.metric_id AND m.slug = 'export-value-growth'
       JOIN entity s ON s.id = o.subject_id GROUP BY o.period_end, o.period_label ORDER BY o.period_end`,
    );
    expect(byPeriod).toEqual([
      { period: '2023 Jan-Jul', ranking: ['electric-passenger-vehicles 175.7', 'solar-cells 59.6', 'lithium-ion-batteries 53.6'] },
      { period: '2023', ranking: ['electric-passenger-vehicles 96.4', 'lithium-ion-batteries 64.3', 'solar-cells 18.2'] },
    ]);
    const mixed = await rows<{ slug: string }>(
      `SELECT s.slug FROM observation o JOIN metric m ON m.id = o.metric_id AND m.slug = 'export-value-growth'
       JOIN entity s ON s.id = o.subject_id ORDER BY o.value DESC`,
    );
    expect(mixed.map((r) => r.slug)).toEqual([
      'electric-passenger-vehicles',
      'electric-passenger-vehicles',
      'lithium-ion-batteries',
      'solar-cells',
      'lithium-ion-batteries',
      'solar-cells',
    ]);
    const beijingGrowth = await rows<{ period: string; value: string }>(
      `SELECT o.period_label AS period, trim_scale(o.value)::text AS value FROM observation o
       JOIN metric m ON m.id = o.metric_id AND m.slug = 'import-export-value-growth'
       JOIN entity s ON s.id = o.subject_id AND s.slug = 'beijing' ORDER BY o.period_end, o.value`,
    );
    expect(beijingGrowth).toEqual([
      { period: '2023 H1', value: '3.8' },
      { period: '2023 H1', value: '4' },
      { period: '2023', value: '2.4' },
    ]);
  });
});

describe("the 'samples' test database", () => {
  it('holds the seed and both samples, and serves them through the API', async () => {
    const api = await openTestApi('samples');
    try {
      const { sources } = dataOf(
        await api.query<{ sources: { totalCount: number; nodes: Array<{ slug: string; publisher: string | null }> } }>(
          `{ sources(orderBy: { field: PUBLISHED_ON, direction: ASC }) { totalCount nodes { slug publisher } } }`,
        ),
      );
      expect(sources.nodes).toEqual([
        { slug: SEED, publisher: null },
        { slug: BULLETIN, publisher: 'tradegraph sample data (fictional)' },
        { slug: REVIEW, publisher: 'tradegraph sample data (fictional)' },
      ]);
      const count = async (pool: TestDatabase['pool']) =>
        (await pool.query(`SELECT (SELECT count(*) FROM observation)::int AS o, (SELECT count(*) FROM evidence)::int AS e,
                                  (SELECT count(*) FROM entity_mention)::int AS m, (SELECT count(*) FROM relation)::int AS r`)).rows[0];
      expect(await count(api.db.pool)).toEqual(await count(db.pool));
    } finally {
      await api.close();
    }
  });
});
