// Typed lookups by slug: one root field per kind of entity (customsOffice,
// bondedZone, ...), derived from the schema's Entity types, returning the
// kind's own type, so a client's typed fragment needs no type condition (and
// Relay no @alias). They answer like entity(slug:): null for a slug that
// names nothing, and null for a slug of another kind.
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

/** Every kind's type, from the schema: the object types implementing Entity. */
const KIND_TYPES = schema.getPossibleTypes(schema.getType('Entity') as never).map((t) => t.name);
const lookupOf = (typeName: string) => typeName[0]!.toLowerCase() + typeName.slice(1);

describe('typed lookups by slug', () => {
  it('exist for every kind of entity', () => {
    expect(KIND_TYPES.length).toBeGreaterThanOrEqual(10);
    const fields = schema.getQueryType()!.getFields();
    for (const typeName of KIND_TYPES) {
      const field = fields[lookupOf(typeName)];
      expect(field, `Query.${lookupOf(typeName)}`).toBeDefined();
      // Nullable, of the kind's own type, with a required slug (and a moment): like entity(slug:).
      expect(isObjectType(field!.type) && field!.type.name).toBe(typeName);
      expect(field!.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['slug: String!', 'asOf: DateTime']);
    }
  });

  it.each(KIND_TYPES)('%s: finds its own kind, null for another kind or no entity, as entity(slug:) does', async (typeName) => {
    const field = lookupOf(typeName);
    const all = dataOf(await api.query(`{ entities(first: 100) { nodes { __typename id slug } } }`)).entities.nodes;
    const own = all.find((e: any) => e.__typename === typeName);
    const other = all.find((e: any) => e.__typename !== typeName);
    if (own) {
      const found = await api.query(`query($slug: String!) { ${field}(slug: $slug) { __typename id slug name } entity(slug: $slug) { id } }`, { slug: own.slug });
      expect(dataOf(found)[field]).toMatchObject({ __typename: typeName, id: own.id, slug: own.slug });
      expect(found.data!.entity.id).toBe(own.id);
    }
    for (const slug of [other.slug, 'no-such-entity']) {
      const response = await api.query(`query($slug: String!) { ${field}(slug: $slug) { id } entity(slug: "no-such-entity") { id } }`, { slug });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ [field]: null, entity: null });
    }
  });

  it('let a typed fragment spread without a type condition', async () => {
    const response = await api.query(`
      query { policy(slug: "bonded-plus-model") { ...PolicyAppliesTo } }
      fragment PolicyAppliesTo on Policy { name category appliesTo { nodes { slug } } }
    `);
    expect(dataOf(response).policy).toMatchObject({ name: 'Bonded+ model', appliesTo: { nodes: [{ slug: 'tianzhu-comprehensive-bonded-zone' }] } });
    const office = await api.query(`{ customsOffice(slug: "beijing-customs") { level supervises { totalCount } } }`);
    expect(dataOf(office).customsOffice.supervises.totalCount).toBeGreaterThanOrEqual(3);
  });
});
