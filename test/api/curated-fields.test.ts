// Nothing a curator entered is lost silently: re-ingesting the defining
// source keeps the fields a curator set with updateEntity, reports them, and
// records each once in the change log; `overwriteCurated` writes the file's
// values instead. The CLI follows the same rule.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import type { TestApi } from '../helpers/api.ts';
import { openCuratorApi, seedKnowledge, seedText, send, UPDATE } from '../helpers/curation.ts';
import { scratchFolder, writeKnowledge } from '../helpers/knowledge.ts';

let api: TestApi;
let curate: string;
let dir: string;
beforeAll(async () => {
  ({ api, curate } = await openCuratorApi());
  dir = scratchFolder();
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const INGEST = `mutation Ingest($input: IngestSourceInput!) {
  ingestSource(input: $input) { counts { table updated unchanged } keptCurated { entity field kept file } userErrors { code path message } }
}`;
const ingest = (extra: Record<string, unknown> = {}) => send(api, INGEST, { input: { knowledge: seedKnowledge(), text: seedText(), ...extra } }, { token: curate });
const entity = async () => (await api.query(`{ entity(slug: "beijing-customs") { id name description aliases } }`)).data!.entity;
const keeps = async () =>
  (await api.db.pool.query(`SELECT token_name, action, before, after FROM change_log WHERE operation = 'KEEP' AND row_key = (SELECT id::text FROM entity WHERE slug = 'beijing-customs') ORDER BY id`)).rows;

describe('re-ingesting the defining source after a curator\'s edit', () => {
  it('keeps the curated fields, reports them, and records each once', async () => {
    const before = await entity();
    const edit = await send(api, UPDATE, { input: { id: before.id, name: 'Beijing Customs District', description: 'Curated description.' } }, { token: curate });
    expect(edit.data!.updateEntity.userErrors).toEqual([]);

    const first = await ingest();
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestSource.userErrors).toEqual([]);
    expect(first.data!.ingestSource.keptCurated).toEqual([
      { entity: 'beijing-customs', field: 'name', kept: 'Beijing Customs District', file: before.name },
      { entity: 'beijing-customs', field: 'description', kept: 'Curated description.', file: before.description },
    ]);
    expect(await entity()).toMatchObject({ name: 'Beijing Customs District', description: 'Curated description.', aliases: before.aliases });
    const logged = await keeps();
    expect(logged).toEqual([
      { token_name: expect.stringMatching(/^test-curate-/), action: 'ingestSource', before: { name: before.name }, after: { name: 'Beijing Customs District' } },
      { token_name: expect.stringMatching(/^test-curate-/), action: 'ingestSource', before: { description: before.description }, after: { description: 'Curated description.' } },
    ]);

    // Again: still kept and reported, nothing new in the log, nothing updated.
    const second = await ingest();
    expect(second.data!.ingestSource.keptCurated).toHaveLength(2);
    expect(second.data!.ingestSource.counts.find((c: any) => c.table === 'entities').updated).toBe(0);
    expect(await keeps()).toHaveLength(2);

    // The CLI keeps them too.
    const report = await ingestKnowledgeFile(api.db.prisma, writeKnowledge(dir, { ...seedKnowledge(), source: { ...seedKnowledge().source, textFile: 'beijing-trade-h1-2023.txt' } }));
    expect(report.keptCurated.map((k) => k.field)).toEqual(['name', 'description']);
    expect((await entity()).name).toBe('Beijing Customs District');
  });

  it('writes the file\'s values when told to overwrite curated fields, and they are the file\'s from then on', async () => {
    const original = seedKnowledge().entities.find((e: any) => e.slug === 'beijing-customs');
    const forced = await ingest({ overwriteCurated: true });
    expect(forced.data!.ingestSource.userErrors).toEqual([]);
    expect(forced.data!.ingestSource.keptCurated).toEqual([]);
    expect(await entity()).toMatchObject({ name: original.name, description: original.description });
    const after = await ingest();
    expect(after.data!.ingestSource.keptCurated).toEqual([]);
    expect((await entity()).name).toBe(original.name);
  });

  it('keeps a curated value through a dry run too, reporting it', async () => {
    const { id } = await entity();
    await send(api, UPDATE, { input: { id, aliases: ['BJ Customs'] } }, { token: curate });
    const dry = await ingest({ dryRun: true });
    expect(dry.data!.ingestSource.keptCurated).toEqual([{ entity: 'beijing-customs', field: 'aliases', kept: ['BJ Customs'], file: seedKnowledge().entities.find((e: any) => e.slug === 'beijing-customs').aliases }]);
    expect((await entity()).aliases).toEqual(['BJ Customs']);
  });

  it('refuses an alias flood (more than the limit) through updateEntity and a knowledge file alike', async () => {
    const { id, aliases } = await entity();
    const flood = Array.from({ length: 101 }, (_, i) => `alias ${i}`);
    const edit = await send(api, UPDATE, { input: { id, aliases: flood } }, { token: curate });
    expect(edit.data!.updateEntity.userErrors).toEqual([{ code: 'INVALID', path: 'aliases', message: expect.stringMatching(/100/) }]);
    const file = seedKnowledge();
    file.entities[0].aliases = flood;
    const answer = await send(api, INGEST, { input: { knowledge: file, text: seedText() } }, { token: curate });
    expect(answer.data!.ingestSource.userErrors).toEqual([{ code: 'INVALID', path: 'entities[0].aliases', message: expect.stringMatching(/100/) }]);
    expect((await entity()).aliases).toEqual(aliases);
  });
});
