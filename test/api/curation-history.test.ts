// Nothing lost: a bad file through the API changes nothing and reports what
// the CLI reports; retract/restore round-trip; a file that drops a fact
// retracts it; the change log holds one entry per changed row with its token;
// concurrent ingests of one source leave one whole result; hostile requests.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { IngestError } from '../../src/ingest/read.ts';
import type { TestApi } from '../helpers/api.ts';
import { INGEST, openCuratorApi, RESTORE, RETRACT, seedKnowledge, seedText, send, tokenFor } from '../helpers/curation.ts';
import { scratchFolder, writeKnowledge } from '../helpers/knowledge.ts';
import { snapshot } from '../helpers/snapshot.ts';

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

const ingest = (knowledge: unknown, extra: Record<string, unknown> = {}, token = curate) =>
  send(api, INGEST, { input: { knowledge, text: seedText(), ...extra } }, { token });
const relationCount = async () => (await api.query(`{ source(slug: "beijing-trade-h1-2023") { relations { totalCount } } }`)).data!.source.relations.totalCount as number;

describe('ingestSource', () => {
  it('answers a bad file with the CLI\'s problems and leaves every table\'s checksum unchanged', async () => {
    const bad = seedKnowledge();
    bad.entities[0].kind = 'SPACESHIP';
    bad.relations[0].object = 'no-such-entity';
    bad.observations[0].evidence.quote = 'a quote the text does not hold';
    await send(api, '{ __typename }', {}, { token: curate }); // last_used_at is written before the snapshot
    const before = await snapshot(api.db.pool);
    const answer = await ingest(bad);
    expect(answer.errors).toBeUndefined();
    const userErrors = answer.data!.ingestSource.userErrors;
    expect(userErrors.length).toBeGreaterThan(0);
    expect(await snapshot(api.db.pool)).toEqual(before);
    const cli = await ingestKnowledgeFile(api.db.prisma, writeKnowledge(dir, { ...bad, source: { ...bad.source, textFile: 'beijing-trade-h1-2023.txt' } })).catch((e: unknown) => e);
    expect(cli).toBeInstanceOf(IngestError);
    expect(userErrors.map((e: any) => ({ path: e.path, message: e.message }))).toEqual((cli as IngestError).problems.map((p) => ({ path: p.path, message: p.message })));
  });

  it('refuses a file that restates another source\'s definition, at its place in the file', async () => {
    const other = seedKnowledge();
    other.source.slug = 'hostile-copy';
    const office = other.entities.find((e: any) => e.slug === 'beijing-customs');
    office.kind = 'PERSON';
    delete office.attributes;
    const answer = await ingest(other);
    const errors = answer.data!.ingestSource.userErrors;
    expect(errors.some((e: any) => /^entities\[\d+\]\.kind$/.test(e.path) && /defined by source "beijing-trade-h1-2023"/.test(e.message))).toBe(true);
  });

  it('retracts (keeps) the facts a re-ingested file drops, and restores them with their id when stated again', async () => {
    const total = await relationCount();
    const dropped = seedKnowledge();
    const [removed] = dropped.relations.splice(0, 1);
    expect(removed).toBeTruthy();
    const { data } = await ingest(dropped);
    expect(data!.ingestSource.userErrors).toEqual([]);
    expect(data!.ingestSource.counts.find((c: any) => c.table === 'relations').deleted).toBe(1);
    expect(await relationCount()).toBe(total - 1);
    const archived = await api.db.prisma.retractedRelation.findMany();
    expect(archived).toHaveLength(1);
    expect(archived[0]!.retractedIn).toBe('ingestSource');
    expect(archived[0]!.retractedBy).toMatch(/^test-curate-/);
    const again = await ingest(seedKnowledge());
    expect(again.data!.ingestSource.counts.find((c: any) => c.table === 'relations').created).toBe(1);
    expect(await api.db.prisma.relation.findUnique({ where: { id: archived[0]!.id } })).not.toBeNull();
    expect(await relationCount()).toBe(total);
  });

  it('lets one of two concurrent writers of a source win whole; the other gets a CONFLICT and writes nothing', async () => {
    const { data: v } = await api.query(`{ source(slug: "beijing-trade-h1-2023") { version } }`);
    const version = v!.source.version as string;
    const a = seedKnowledge();
    const b = seedKnowledge();
    const dropA = a.relations.splice(1, 1)[0];
    const dropB = b.relations.splice(2, 2);
    const answers = await Promise.all([ingest(a, { expectedVersion: version }), ingest(b, { expectedVersion: version })]);
    const outcomes = answers.map((r) => r.data!.ingestSource.userErrors.map((e: any) => e.code).join() || 'ok');
    expect(outcomes.sort()).toEqual(['CONFLICT', 'ok']);
    const winner = answers.findIndex((r) => r.data!.ingestSource.userErrors.length === 0);
    expect(await relationCount()).toBe(seedKnowledge().relations.length - (winner === 0 ? 1 : 2));
    expect(dropA && dropB).toBeTruthy();
    await ingest(seedKnowledge());
  });
});

describe('retractFact and restoreFact', () => {
  it('round-trip a relation, and the change log holds one entry per changed row with the token\'s name', async () => {
    const name = await tokenFor(api, ['CURATE']);
    const holder = (await api.db.prisma.apiToken.findMany({ orderBy: { id: 'desc' }, take: 1 }))[0]!.name;
    const { data } = await api.query(`{ source(slug: "beijing-trade-h1-2023") { relations(first: 1) { nodes { id } } } }`);
    const id = data!.source.relations.nodes[0].id as string;
    const total = await relationCount();
    const retracted = await send(api, RETRACT, { input: { id, reason: 'the quote does not say this' } }, { token: name });
    expect(retracted.data!.retractFact).toEqual({ retractedId: id, userErrors: [] });
    expect(await relationCount()).toBe(total - 1);
    const twice = await send(api, RETRACT, { input: { id, reason: 'again' } }, { token: name });
    expect(twice.data!.retractFact.userErrors[0].code).toBe('NOT_FOUND');
    const restored = await send(api, RESTORE, { input: { id, reason: 'it does after all' } }, { token: name });
    expect(restored.data!.restoreFact.relation.id).toBe(id);
    expect(restored.data!.restoreFact.relation.history.slice(-2).map((h: any) => [h.operation, h.actor, h.reason])).toEqual([
      ['RETRACT', holder, 'the quote does not say this'],
      ['RESTORE', holder, 'it does after all'],
    ]);
    expect(await relationCount()).toBe(total);
    const { data: log } = await api.query(`{ changes(token: "${holder}") { totalCount nodes { operation table tokenName before after } } }`);
    expect(log!.changes.totalCount).toBe(2);
    expect(log!.changes.nodes.map((c: any) => c.operation)).toEqual(['RESTORE', 'RETRACT']);
    expect(log!.changes.nodes[1].after.retraction_reason).toBe('the quote does not say this');
    const { rows } = await api.db.pool.query(`SELECT count(*)::int AS n FROM analytics.changes WHERE token_name = $1`, [holder]);
    expect(rows[0].n).toBe(2);
    await expect(api.db.pool.query('DELETE FROM change_log')).rejects.toThrow(/append-only/);
  });
});

describe('hostile requests to the write path', () => {
  const mutation = 'mutation { retractFact(input: { id: "x", reason: "y" }) { userErrors { code } } }';
  it('refuses mutations over GET, as forms and as application/graphql', async () => {
    const get = await api.yoga.fetch(`http://tradegraph.test/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${curate}`, 'x-graphql-yoga-csrf': '1' },
    });
    expect(get.status).toBe(405);
    const form = await api.yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${curate}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(mutation)}`,
    });
    expect([403, 415]).toContain(form.status);
    const graphql = await api.yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${curate}`, 'content-type': 'application/graphql' },
      body: mutation,
    });
    expect(graphql.status).toBe(415);
  });

  it('refuses batching through aliases and more than one ingest per request', async () => {
    const many = `mutation { ${Array.from({ length: 11 }, (_, i) => `m${i}: retractFact(input: { id: "x", reason: "y" }) { userErrors { code } }`).join(' ')} }`;
    const answer = await send(api, many, {}, { token: curate });
    expect(answer.errors?.[0]?.extensions?.code).toMatch(/LIMIT_EXCEEDED|GRAPHQL_VALIDATION_FAILED/);
    const two = `mutation($i: IngestSourceInput!) { a: ingestSource(input: $i) { dryRun } b: ingestSource(input: $i) { dryRun } }`;
    const twice = await send(api, two, { i: { knowledge: seedKnowledge(), text: seedText(), dryRun: true } }, { token: curate });
    expect(twice.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  it('reads a large body only for a CURATE token', async () => {
    const input = { knowledge: seedKnowledge(), text: seedText() + ' '.repeat(70_000), dryRun: true };
    expect((await send(api, INGEST, { input })).status).toBe(413);
    expect((await send(api, INGEST, { input }, { token: await tokenFor(api, ['READ']) })).status).toBe(413);
    expect((await send(api, INGEST, { input }, { token: curate })).data!.ingestSource.userErrors).toEqual([]);
  });
});
