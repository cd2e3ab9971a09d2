// Retracted facts stay readable: hidden by default, shown with their
// retraction (when, by whom, why) when a fact connection is asked for
// `includeRetracted: true`, through the same Relation and Observation types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../helpers/api.ts';
import { openCuratorApi, RETRACT, send } from '../helpers/curation.ts';

let api: TestApi;
let curate: string;
beforeAll(async () => ({ api, curate } = await openCuratorApi()));
afterAll(() => api?.close());

const retract = async (id: string, reason: string) => {
  const answer = await send(api, RETRACT, { input: { id, reason } }, { token: curate });
  expect(answer.data!.retractFact.userErrors).toEqual([]);
};

const WALK = `query($slug: String!, $all: Boolean) { entity(slug: $slug) { relations(first: 100, includeRetracted: $all) {
  totalCount edges { relation { id predicate retraction { at by reason } } node { slug } evidence { quote } } } } }`;

describe('includeRetracted', () => {
  it('hides a retracted relation by default and shows it, with who and why, when asked', async () => {
    const { data: before } = await api.query(WALK, { slug: 'beijing-customs' });
    const edges = before!.entity.relations.edges;
    const target = edges[0].relation;
    expect(target.retraction).toBeNull();
    await retract(target.id, 'the quote does not say so');

    const { data: hidden } = await api.query(WALK, { slug: 'beijing-customs' });
    expect(hidden!.entity.relations.totalCount).toBe(edges.length - 1);
    expect(hidden!.entity.relations.edges.map((e: any) => e.relation.id)).not.toContain(target.id);

    const { data: shown, errors } = await api.query(WALK, { slug: 'beijing-customs', all: true });
    expect(errors).toBeUndefined();
    expect(shown!.entity.relations.totalCount).toBe(edges.length);
    const again = shown!.entity.relations.edges.find((e: any) => e.relation.id === target.id);
    expect(again.node.slug).toBe(edges[0].node.slug);
    expect(again.evidence.quote).toBe(edges[0].evidence.quote);
    expect(again.relation.retraction).toMatchObject({ by: expect.stringMatching(/^test-curate-/), reason: 'the quote does not say so' });
    expect(Date.parse(again.relation.retraction.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(shown!.entity.relations.edges.filter((e: any) => e.relation.retraction !== null)).toHaveLength(1);

    const SOURCE = `query($all: Boolean) { source(slug: "beijing-trade-h1-2023") { relations(first: 100, includeRetracted: $all) { totalCount nodes { id subject { slug } retraction { reason byCurator } } } } }`;
    const { data: sourceHidden } = await api.query(SOURCE);
    expect(sourceHidden!.source.relations.nodes.map((n: any) => n.id)).not.toContain(target.id);
    const { data: sourceShown, errors: sourceErrors } = await api.query(SOURCE, { all: true });
    expect(sourceErrors).toBeUndefined();
    expect(sourceShown!.source.relations.totalCount).toBe(sourceHidden!.source.relations.totalCount + 1);
    expect(sourceShown!.source.relations.nodes.find((n: any) => n.id === target.id)).toMatchObject({
      subject: { slug: expect.any(String) },
      retraction: { reason: 'the quote does not say so', byCurator: true },
    });
  });

  it('hides a retracted observation from the root, an entity and a source by default, and shows it when asked', async () => {
    const OBS = `query($all: Boolean) {
      observations(first: 100, includeRetracted: $all) { totalCount nodes { id value subject { slug } metric { slug } retraction { by reason } } }
      source(slug: "beijing-trade-h1-2023") { observations(first: 100, includeRetracted: $all) { totalCount nodes { id retraction { reason } } } }
    }`;
    const { data: before, errors: failed } = await api.query(OBS);
    expect(failed).toBeUndefined();
    const target = before!.observations.nodes[0];
    await retract(target.id, 'a misread figure');
    const SUBJECT = `query($slug: String!, $all: Boolean) { entity(slug: $slug) { observations(first: 100, includeRetracted: $all) { totalCount nodes { id retraction { reason } } } } }`;

    const { data: hidden } = await api.query(OBS);
    expect(hidden!.observations.totalCount).toBe(before!.observations.totalCount - 1);
    expect(hidden!.observations.nodes.map((n: any) => n.id)).not.toContain(target.id);
    expect(hidden!.source.observations.nodes.map((n: any) => n.id)).not.toContain(target.id);
    const { data: subjectHidden } = await api.query(SUBJECT, { slug: target.subject.slug });
    expect(subjectHidden!.entity.observations.nodes.map((n: any) => n.id)).not.toContain(target.id);

    const { data: shown, errors } = await api.query(OBS, { all: true });
    expect(errors).toBeUndefined();
    expect(shown!.observations.totalCount).toBe(before!.observations.totalCount);
    const again = shown!.observations.nodes.find((n: any) => n.id === target.id);
    expect(again).toMatchObject({ value: target.value, subject: target.subject, metric: target.metric, retraction: { reason: 'a misread figure' } });
    expect(again.retraction.by).toMatch(/^test-curate-/);
    expect(shown!.source.observations.nodes.find((n: any) => n.id === target.id).retraction.reason).toBe('a misread figure');
    const { data: subjectShown } = await api.query(SUBJECT, { slug: target.subject.slug, all: true });
    expect(subjectShown!.entity.observations.nodes.find((n: any) => n.id === target.id).retraction.reason).toBe('a misread figure');
  });

  it('answers root observations asOf a moment: with what stood then, without what came after', async () => {
    const ASOF = `query($at: DateTime) { observations(first: 100, asOf: $at) { totalCount nodes { id retraction { reason } } } }`;
    const { data: now } = await api.query(`{ observations(first: 1) { totalCount nodes { id } } }`);
    const target = now!.observations.nodes[0].id;
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await retract(target, 'asOf test');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = new Date().toISOString();

    const { data: then, errors } = await api.query(ASOF, { at: before });
    expect(errors).toBeUndefined();
    expect(then!.observations.totalCount).toBe(now!.observations.totalCount);
    // As it stood then: not retracted yet.
    expect(then!.observations.nodes.find((n: any) => n.id === target).retraction).toBeNull();
    const { data: later } = await api.query(ASOF, { at: after });
    expect(later!.observations.totalCount).toBe(now!.observations.totalCount - 1);
    expect(later!.observations.nodes.map((n: any) => n.id)).not.toContain(target);
    // Before the graph held anything, nothing.
    const { data: empty } = await api.query(ASOF, { at: '2000-01-01T00:00:00Z' });
    expect(empty!.observations).toEqual({ totalCount: 0, nodes: [] });
  });

  it('refetches a retracted fact by node(id), with its retraction, so a client that listed it can refresh it', async () => {
    const { data } = await api.query(`{ entity(slug: "beijing-customs") { relations(first: 1) { edges { relation { id predicate } } } observations(first: 1) { nodes { id value } } } }`);
    const relation = data!.entity.relations.edges[0].relation;
    const observation = data!.entity.observations.nodes[0];
    await retract(relation.id, 'node test');
    await retract(observation.id, 'node test');
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Relation { predicate subject { slug } evidence { quote } retraction { reason byCurator } }
      ... on Observation { value metric { slug } retraction { reason } } } }`;
    const r = await api.query(NODE, { id: relation.id });
    expect(r.errors).toBeUndefined();
    expect(r.data!.node).toMatchObject({ id: relation.id, predicate: relation.predicate, subject: { slug: expect.any(String) }, retraction: { reason: 'node test', byCurator: true } });
    expect(r.data!.node.evidence.quote.length).toBeGreaterThan(0);
    const o = await api.query(NODE, { id: observation.id });
    expect(o.data!.node).toMatchObject({ id: observation.id, value: observation.value, retraction: { reason: 'node test' } });
    const both = await api.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Relation { retraction { reason } } ... on Observation { retraction { reason } } } }`, {
      ids: [relation.id, observation.id],
    });
    expect(both.data!.nodes).toEqual([{ id: relation.id, retraction: { reason: 'node test' } }, { id: observation.id, retraction: { reason: 'node test' } }]);
    // An ID no fact ever had is still null with NOT_FOUND.
    const none = await api.query(NODE, { id: Buffer.from('Relation:99999999').toString('base64url') });
    expect(none.data!.node).toBeNull();
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps statements bound by the query\'s shape, not by how many facts are retracted', async () => {
    const Q = `{ entities(first: 50) { nodes { slug relations(first: 5, includeRetracted: true) { edges { relation { retraction { by } } node { slug } } }
      observations(first: 5, includeRetracted: true) { nodes { value retraction { reason } } } } } }`;
    const count = async () => {
      const { errors, extensions } = await api.query(Q);
      expect(errors).toBeUndefined();
      return extensions!.sqlStatements as number;
    };
    const { data } = await api.query(`{ observations(first: 4) { nodes { id } } }`);
    const [one, ...more] = data!.observations.nodes.map((n: any) => n.id);
    await retract(one, 'shape test');
    const first = await count();
    for (const id of more) await retract(id, 'shape test');
    expect(await count()).toBe(first);
    // The root page, then per nested connection its pages, its current rows and its retracted rows.
    expect(first).toBe(1 + 3 * 2);
  });
});
