// The SQL translation of filters must select exactly the rows Prisma selects
// for the same `where`: checked filter by filter on the seeded graph.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDatamodel } from '../../src/generated/pothos-types.ts';
import { columnOf, type Model, TABLES } from '../../src/sql/columns.ts';
import { run } from '../../src/sql/statement.ts';
import { whereSql } from '../../src/sql/where-sql.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { entityWhere, type EntityFilterInput, type ObservationFilterInput, observationWhereOf } from '../../src/schema/filters/index.ts';
import { observationWhere } from '../../src/schema/observation.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
});
afterAll(() => db?.close());

async function sqlIds(table: string, model: Model, where: unknown): Promise<number[]> {
  const condition = whereSql(model, 't', where);
  const { rows } = await run<{ id: number }>(db.pool, Prisma.sql`SELECT t.id FROM ${Prisma.raw(table)} t WHERE ${condition} ORDER BY t.id`);
  return rows.map((r) => r.id);
}

const other = (slug: string) => ({ slug: { equals: slug } });

const ENTITY_FILTERS: EntityFilterInput[] = [
  { relations: { some: { predicate: { equals: 'SUPERVISES' }, direction: 'INCOMING', other: other('beijing-customs') } } },
  { relations: { every: { predicate: { equals: 'PART_OF' }, direction: 'OUTGOING', other: other('china') } }, kind: { equals: 'REGION' } },
  { relations: { none: { predicate: { in: ['IMPLEMENTED_BY'] }, other: other('beijing-customs') } } },
  { relations: { some: { role: { contains: 'HEAD', mode: 'CASE_INSENSITIVE' }, quote: { contains: 'deputy' } } } },
  { relations: { some: { direction: 'OUTGOING', other: { observations: { some: { value: { gt: '50000000000' }, unit: { equals: 'CNY' } } } } } } },
  { name: { startsWith: 'beijing c', mode: 'CASE_INSENSITIVE' } },
  { name: { contains: '%' } },
  { slug: { in: ['beijing', 'china', 'nowhere'] }, not: { kind: { equals: 'PERSON' } } },
  { or: [{ aliases: { has: '天竺综合保税区' } }, { aliases: { hasSome: ['IC industry', 'x'] } }, { aliases: { isEmpty: true } }] },
  { description: { isNull: true }, createdAt: { lt: new Date('2999-01-01') } },
  { airport: { iataCode: { equals: 'PKX' } } },
  { customsOffice: { level: { notIn: ['SUBORDINATE_CUSTOMS'] } } },
  { observations: { every: { unit: { equals: 'CNY' } } } },
  { observations: { none: {} } },
  { mentionedIn: { title: { contains: 'import', mode: 'CASE_INSENSITIVE' }, publishedOn: { gte: new Date('2023-08-17') } } },
];

const OBSERVATION_FILTERS: ObservationFilterInput[] = [
  { value: { gt: '1000000000' }, unit: { equals: 'CNY' }, periodStart: { gte: new Date('2023-01-01') }, periodEnd: { lte: new Date('2023-07-31') } },
  { change: { exists: true, unit: { in: ['FOLD'] } } },
  { change: { exists: false } },
  { subject: { kind: { equals: 'BONDED_ZONE' } }, metric: { slug: { equals: 'import-export-value' } }, periodLabel: { equals: '2023 Jan-Jul' } },
  { scope: other('beijing') },
  { scope: { slug: { isNull: false } } },
  { subject: { slug: { isNull: true } } },
  { note: { isNull: false }, change: { benchmark: { isNull: true } } },
  { quote: { contains: '11.6-fold' } },
  { or: [{ metric: { unitKind: { equals: 'COUNT' } } }, { value: { lte: '5' } }], not: { periodLabel: { startsWith: 'as of' } } },
];

describe('whereSql', () => {
  it('names every column of the data model by the snake_case rule', async () => {
    const { rows } = await db.pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    for (const [model, { fields }] of Object.entries(getDatamodel().datamodel.models)) {
      for (const field of fields.filter((f) => f.kind !== 'object')) expect(columns.has(`${TABLES[model as Model]}.${columnOf(model as Model, field.name)}`), `${model}.${field.name}`).toBe(true);
    }
  });

  it.each(ENTITY_FILTERS.map((f) => [JSON.stringify(f), f] as const))('selects the entities Prisma selects for %s', async (_name, filter) => {
    const where = entityWhere(filter);
    const prisma = (await db.prisma.entity.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
    expect(await sqlIds('entity', 'Entity', where)).toEqual(prisma);
  });

  it.each(OBSERVATION_FILTERS.map((f) => [JSON.stringify(f), f] as const))('selects the observations Prisma selects for %s', async (_name, filter) => {
    const where = observationWhere({ filter, metrics: ['import-export-value', 'export-value-growth', 'inbound-outbound-flights', 'comprehensive-bonded-areas', 'tax-guarantees', 'enterprises-covered'] });
    const prisma = (await db.prisma.observation.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
    expect(await sqlIds('observation', 'Observation', where)).toEqual(prisma);
    const bare = observationWhereOf(filter);
    const prismaBare = (await db.prisma.observation.findMany({ where: bare, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
    expect(await sqlIds('observation', 'Observation', bare)).toEqual(prismaBare);
  });

  it('passes every value as a parameter', () => {
    const sql = whereSql('Entity', 't', entityWhere({ name: { equals: "x' OR '1'='1" }, slug: { in: ['a'] } }));
    expect(sql.text).not.toContain("'1'='1");
    expect(sql.values).toEqual(expect.arrayContaining(["x' OR '1'='1", ['a']]));
  });
});
