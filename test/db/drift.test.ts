// prisma/schema.prisma and the database the migrations build must agree on
// every table, column, type, nullability, key and index, so they cannot drift.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPrismaSchema } from '../helpers/prisma-schema.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
const schema = readPrismaSchema();
const enumDbName = new Map(schema.enums.map((e) => [e.name, e.dbName]));
const columnOf = (table: string, field: string) => {
  const model = schema.models.find((m) => m.table === table)!;
  return model.fields.find((f) => f.name === field)?.column ?? field;
};

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'migrated');
});
afterAll(() => db?.close());

/** The PostgreSQL type a Prisma field maps to, as format_type() prints it. */
function expectedType(type: string, nativeType: string | null, list: boolean): string {
  const base =
    enumDbName.get(type) ??
    {
      Int: 'integer',
      String: 'text',
      Boolean: 'boolean',
      BigInt: 'bigint',
      Json: 'jsonb',
      Float: 'double precision',
    }[type] ??
    (type === 'DateTime'
      ? nativeType === 'Date'
        ? 'date'
        : nativeType?.startsWith('Timestamptz')
          ? `timestamp(${/\((\d+)\)/.exec(nativeType)?.[1] ?? 3}) with time zone`
          : 'timestamp(3) without time zone'
      : type === 'Decimal'
        ? `numeric(${/\(([^)]*)\)/.exec(nativeType ?? '')?.[1]?.replace(/\s/g, '') ?? '65,30'})`
        : (/^Unsupported\("([^"]+)"\)$/.exec(type)?.[1] ?? `unknown ${type}`));
  return list ? `${base}[]` : base;
}

describe('schema.prisma and the migrated database', () => {
  it('have the same tables', async () => {
    const { rows } = await db.pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(schema.models.map((m) => m.table).sort());
  });

  it('have the same columns, types and nullability', async () => {
    const { rows } = await db.pool.query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
       ORDER BY 1, 2`,
    );
    const expected = schema.models
      .flatMap((m) =>
        m.fields
          .filter((f) => !f.type.startsWith('@'))
          .map((f) => ({
            table: m.table,
            column: f.column,
            type: expectedType(f.type, f.nativeType, f.list),
            // Prisma lists are never null; the migration says so with NOT NULL.
            not_null: !f.optional,
          })),
      )
      .sort((a, b) => a.table.localeCompare(b.table, 'en') || (a.column < b.column ? -1 : 1));
    expect([...rows].sort((a, b) => a.table.localeCompare(b.table, 'en') || (a.column < b.column ? -1 : 1))).toEqual(expected);
  });

  it('have the same enum types and values', async () => {
    const { rows } = await db.pool.query(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`,
    );
    expect(rows).toEqual(schema.enums.map((e) => ({ name: e.dbName, values: e.values })).sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  it('have the same primary keys', async () => {
    const { rows } = await db.pool.query(
      `SELECT tc.table_name AS table, array_agg(k.column_name::text ORDER BY k.ordinal_position) AS columns
       FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
         ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
       WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name <> '_prisma_migrations'
       GROUP BY tc.table_name ORDER BY 1`,
    );
    const expected = schema.models
      .map((m) => ({
        table: m.table,
        columns: m.id.length ? m.id.map((f) => columnOf(m.table, f)) : m.fields.filter((f) => f.id).map((f) => f.column),
      }))
      .sort((a, b) => (a.table < b.table ? -1 : 1));
    expect(rows).toEqual(expected);
  });

  it('have the same unique and plain indexes', async () => {
    const { rows } = await db.pool.query(
      `SELECT t.relname AS table, ix.indisunique AS unique,
              array_agg(a.attname::text ORDER BY array_position(ix.indkey::int2[], a.attnum)) AS columns
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey)
       WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> '_prisma_migrations'
       GROUP BY t.relname, i.relname, ix.indisunique`,
    );
    const key = (r: { table: string; unique: boolean; columns: string[] }) => `${r.table}|${r.unique}|${r.columns.join(',')}`;
    const actual = new Set(rows.map(key));
    const expected = schema.models.flatMap((m) => [
      ...m.fields.filter((f) => f.unique).map((f) => ({ table: m.table, unique: true, columns: [f.column] })),
      ...m.uniques.map((u) => ({ table: m.table, unique: true, columns: u.map((f) => columnOf(m.table, f)) })),
      ...m.indexes.map((u) => ({ table: m.table, unique: false, columns: u.map((f) => columnOf(m.table, f)) })),
    ]);
    for (const index of expected) expect(actual, `index ${key(index)}`).toContain(key(index));
    // Unique indexes are constraints of the model: the database has no others.
    const uniques = rows.filter((r) => r.unique).map(key).sort();
    expect(uniques).toEqual(expected.filter((e) => e.unique).map(key).sort());
  });

  it('have the same foreign keys and delete rules', async () => {
    const { rows } = await db.pool.query(
      `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS references,
              (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att) AS columns,
              (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(att, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att) AS referenced,
              c.confdeltype AS on_delete
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    const rule: Record<string, string> = { Cascade: 'c', Restrict: 'r', SetNull: 'n', NoAction: 'a', SetDefault: 'd' };
    const tableOf = (model: string) => schema.models.find((m) => m.name === model)!.table;
    const expected = schema.models.flatMap((m) =>
      m.fields
        .filter((f) => f.relation)
        .map((f) => {
          const target = tableOf(f.type.slice(1));
          return {
            table: m.table,
            references: target,
            columns: f.relation!.fields.map((x) => columnOf(m.table, x)),
            referenced: f.relation!.references.map((x) => columnOf(target, x)),
            on_delete: rule[f.relation!.onDelete ?? (f.optional ? 'SetNull' : 'Restrict')],
          };
        }),
    );
    const sort = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(sort(rows)).toEqual(sort(expected));
  });
});
