// An entity or metric belongs to the source that defined it. Another source's
// file may mention it and add facts about it (restating the definition
// unchanged, or leaving its optional parts out), but only the defining
// source's own file changes the definition.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { IngestError } from '../../src/ingest/read.ts';
import { type Knowledge, scratchFolder, seedKnowledge, writeKnowledge } from '../helpers/knowledge.ts';
import { openTestDatabase, SEED_FILE, type TestDatabase } from '../helpers/server.ts';
import { snapshot } from '../helpers/snapshot.ts';

let db: TestDatabase;
let dir: string;

const SECOND_TEXT =
  'Beijing Customs reported that the Tianzhu Comprehensive Bonded Zone handled 80.1 billion yuan of trade in 2024. ' +
  '北京海关 also opened the Shunyi Customs Station, which reports to Beijing Customs.';

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  dir = scratchFolder();
  writeFileSync(path.join(dir, 'second.txt'), SECOND_TEXT);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const seedDefinition = (slug: string) => structuredClone(seedKnowledge().entities.find((e: any) => e.slug === slug));

/** A second source, with its own text, that mentions what the seed defines and adds facts about it. */
function secondSource(change: (k: Knowledge) => void = () => undefined): string {
  const k: Knowledge = {
    format: 'tradegraph-knowledge/1',
    source: { slug: 'second-source', title: 'A second report', publishedOn: '2025-01-10', textFile: 'second.txt' },
    entities: [
      // Kind and name as defined; aliases, description and attributes left out mean "as defined".
      { slug: 'beijing-customs', kind: 'CUSTOMS_OFFICE', name: 'Beijing Customs', mentions: [{ quote: '北京海关 also opened' }] },
    ],
    observations: [
      {
        metric: 'import-export-value',
        subject: 'tianzhu-comprehensive-bonded-zone',
        value: '80.1 billion',
        unit: 'CNY',
        period: { start: '2024-01-01', end: '2024-12-31' },
        evidence: { quote: 'the Tianzhu Comprehensive Bonded Zone handled 80.1 billion yuan of trade in 2024' },
      },
    ],
  };
  change(k);
  return writeKnowledge(dir, k);
}

const refusal = (file: string) =>
  ingestKnowledgeFile(db.prisma, file).then(
    () => {
      throw new Error('the file was accepted');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(IngestError);
      return (e as IngestError).problems;
    },
  );

async function definitionOf(slug: string) {
  const { rows } = await db.pool.query(
    `SELECT e.kind::text, e.name, e.aliases, e.description, s.slug AS defined_by
     FROM entity e LEFT JOIN source s ON s.id = e.defined_by_source_id WHERE e.slug = $1`,
    [slug],
  );
  return rows[0];
}

describe('ownership of definitions', () => {
  it('records the source that defined each entity and metric', async () => {
    const { rows } = await db.pool.query(
      `SELECT (SELECT count(*)::int FROM entity WHERE defined_by_source_id IS NULL) AS entities_without,
              (SELECT count(*)::int FROM metric WHERE defined_by_source_id IS NULL) AS metrics_without,
              (SELECT array_agg(DISTINCT s.slug) FROM entity e JOIN source s ON s.id = e.defined_by_source_id) AS entity_definers,
              (SELECT array_agg(DISTINCT s.slug) FROM metric m JOIN source s ON s.id = m.defined_by_source_id) AS metric_definers`,
    );
    expect(rows[0]).toEqual({
      entities_without: 0,
      metrics_without: 0,
      entity_definers: ['beijing-trade-h1-2023'],
      metric_definers: ['beijing-trade-h1-2023'],
    });
  });

  it('refuses the two files of the issue, every time, and leaves the graph as it was', async () => {
    const before = await snapshot(db.pool);
    const person = secondSource((k) => {
      const { attributes: _attributes, ...customs } = seedDefinition('beijing-customs');
      k.entities = [{ ...customs, kind: 'PERSON', mentions: [{ quote: '北京海关 also opened' }] }];
    });
    const count = secondSource((k) => {
      k.metrics = [{ slug: 'import-export-value', name: 'Import and export value', unitKind: 'COUNT' }];
      k.observations = [];
    });
    for (let round = 0; round < 2; round++) {
      const [kind] = await refusal(person);
      expect(kind).toEqual({
        path: 'entities[0].kind',
        message: expect.stringMatching(
          /^"beijing-customs" is defined by source "beijing-trade-h1-2023" with kind CUSTOMS_OFFICE, not PERSON\. .*edit that source's knowledge file and ingest it again/,
        ),
      });
      const [unitKind] = await refusal(count);
      expect(unitKind).toEqual({
        path: 'metrics[0].unitKind',
        message: expect.stringMatching(/^"import-export-value" is defined by source "beijing-trade-h1-2023" with unitKind CURRENCY, not COUNT\./),
      });
    }
    expect(await snapshot(db.pool)).toEqual(before);
    expect(await definitionOf('beijing-customs')).toMatchObject({ kind: 'CUSTOMS_OFFICE', defined_by: 'beijing-trade-h1-2023' });
  });

  it('lets another source mention a defined entity, by a defined alias, and add facts about it', async () => {
    const before = await definitionOf('beijing-customs');
    const report = await ingestKnowledgeFile(db.prisma, secondSource());
    expect(report.byKind.entities).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 0 });
    expect(report.byKind.mentions.created).toBe(1);
    expect(report.byKind.observations.created).toBe(1);
    expect(await definitionOf('beijing-customs')).toEqual(before);

    // Restating the whole definition unchanged is as good as leaving it out.
    const whole = secondSource((k) => (k.entities = [{ ...seedDefinition('beijing-customs'), mentions: [{ quote: '北京海关 also opened' }] }]));
    const again = await ingestKnowledgeFile(db.prisma, whole);
    expect(again.total).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await definitionOf('beijing-customs')).toEqual(before);
  });

  it('lets another source define its own entities under one it does not own', async () => {
    const file = secondSource((k) =>
      k.entities.push({
        slug: 'shunyi-customs-station',
        kind: 'CUSTOMS_OFFICE',
        name: 'Shunyi Customs Station',
        mentions: [{ quote: 'the Shunyi Customs Station' }],
        attributes: { level: 'SUBORDINATE_CUSTOMS', parentOffice: 'beijing-customs' },
      }),
    );
    await ingestKnowledgeFile(db.prisma, file);
    expect(await definitionOf('shunyi-customs-station')).toMatchObject({ defined_by: 'second-source' });

    // The seed may not close a cycle through it: Beijing Customs under its own station.
    const seed = seedKnowledge();
    seed.entities.find((e: any) => e.slug === 'beijing-customs').attributes.parentOffice = 'shunyi-customs-station';
    const before = await snapshot(db.pool);
    const problems = await refusal(writeKnowledge(dir, seed));
    expect(problems).toEqual([
      {
        path: 'entities[5].attributes.parentOffice',
        message: expect.stringMatching(/"beijing-customs" → "shunyi-customs-station" → "beijing-customs" is a cycle/),
      },
    ]);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it('still updates a definition from the defining source’s own file', async () => {
    const seed = seedKnowledge();
    seed.entities.find((e: any) => e.slug === 'beijing-customs').description = 'The customs district of Beijing.';
    seed.metrics.find((m: any) => m.slug === 'import-export-value').name = 'Import and export value (total)';
    const report = await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, seed));
    expect(report.byKind.entities.updated).toBe(1);
    expect(report.byKind.metrics.updated).toBe(1);
    expect(await definitionOf('beijing-customs')).toMatchObject({ description: 'The customs district of Beijing.', defined_by: 'beijing-trade-h1-2023' });

    // The other source, mentioning it as defined, still ingests and leaves the new definition be; the seed restores it.
    expect((await ingestKnowledgeFile(db.prisma, secondSource())).byKind.entities).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 0 });
    expect(await definitionOf('beijing-customs')).toMatchObject({ description: 'The customs district of Beijing.' });
    expect((await ingestKnowledgeFile(db.prisma, SEED_FILE)).total).toMatchObject({ updated: 2 });
  });

  it('refuses a change of definition that would break another source’s facts', async () => {
    writeFileSync(
      path.join(dir, 'third.txt'),
      'Beijing Customs supervises the Tianzhu Comprehensive Bonded Zone, which handled 90.5 billion yuan in 2024, Beijing Customs said.',
    );
    const third: Knowledge = {
      format: 'tradegraph-knowledge/1',
      source: { slug: 'third-source', title: 'A third report', publishedOn: '2025-02-10', textFile: 'third.txt' },
      relations: [
        {
          subject: 'beijing-customs',
          predicate: 'SUPERVISES',
          object: 'tianzhu-comprehensive-bonded-zone',
          evidence: { quote: 'Beijing Customs supervises the Tianzhu Comprehensive Bonded Zone' },
        },
      ],
      observations: [
        {
          metric: 'import-export-value',
          subject: 'tianzhu-comprehensive-bonded-zone',
          statedBy: 'beijing-customs',
          value: '90.5 billion',
          unit: 'CNY',
          period: { start: '2024-01-01', end: '2024-12-31' },
          evidence: { quote: 'which handled 90.5 billion yuan in 2024, Beijing Customs said' },
        },
      ],
    };
    await ingestKnowledgeFile(db.prisma, writeKnowledge(dir, third));
    const before = await snapshot(db.pool);

    const seed = seedKnowledge();
    const customs = seed.entities.find((e: any) => e.slug === 'beijing-customs');
    Object.assign(customs, { kind: 'EVENT', attributes: undefined });
    seed.metrics.find((m: any) => m.slug === 'import-export-value').unitKind = 'COUNT';
    const problems = await refusal(writeKnowledge(dir, seed));
    expect(problems).toContainEqual({
      path: 'entities[5].kind',
      message: expect.stringMatching(
        /^source "third-source" relates "beijing-customs" SUPERVISES to "tianzhu-comprehensive-bonded-zone", and SUPERVISES needs a subject of kind CUSTOMS_OFFICE, not EVENT: change that source's file first$/,
      ),
    });
    expect(problems).toContainEqual({
      path: 'metrics[0].unitKind',
      message: 'source "second-source" reports "import-export-value" in CNY, which a COUNT metric does not measure: change that source\'s file first',
    });
    expect(await snapshot(db.pool)).toEqual(before);

    // Each kind of fact that relies on the kind is named once.
    const beijingCustoms = problems.filter((p) => p.path === 'entities[5].kind').map((p) => p.message.replace(/:.*$/, ''));
    expect(beijingCustoms).toEqual([
      expect.stringMatching(/^source "third-source" relates "beijing-customs" SUPERVISES/),
      'source "third-source" has "beijing-customs" state figures, which only a PERSON, ORGANIZATION, CUSTOMS_OFFICE, REGION does',
      'source "second-source" places "shunyi-customs-station" under it (parentOffice), which needs a CUSTOMS_OFFICE',
    ]);
  });

  it('lets the next file that defines an unowned entity claim it', async () => {
    // A definition loses its source when that source is deleted (the column is set to NULL).
    await db.pool.query(`UPDATE entity SET defined_by_source_id = NULL WHERE slug = 'beijing-customs'`);
    const file = secondSource((k) => Object.assign(k.entities[0], { aliases: ['北京海关'], description: 'Customs of the capital.' }));
    const report = await ingestKnowledgeFile(db.prisma, file);
    expect(report.byKind.entities.updated).toBe(1);
    expect(await definitionOf('beijing-customs')).toMatchObject({ description: 'Customs of the capital.', defined_by: 'second-source' });
    // From then on the seed mentions it and may not redefine it.
    expect(await refusal(SEED_FILE)).toContainEqual({
      path: 'entities[5].description',
      message: expect.stringMatching(/^"beijing-customs" is defined by source "second-source" with description/),
    });
  });
});
