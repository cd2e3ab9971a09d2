// Small SQL fragments of the read compiler: names and literals that come from
// the plan (never from input: each is checked against a strict pattern before
// it is written into the text), values in the API's text form, and the
// base64url encodings of global IDs and cursors, byte for byte what the
// resolvers write in JavaScript (src/schema/scalars.ts, src/schema/pagination.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import { columnOf, isTimestamp, type Model } from '../columns.ts';
import type { Ordering, SortKey } from '../keyset.ts';
import type { ValueFormat } from './plan.ts';

export type Sql = Prisma.Sql;
export const { sql, join, raw, empty } = Prisma;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** GraphQL names and cursor ordering names: the only text written as literals. */
const LITERAL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A table, column or alias name from the plan. */
export function ident(name: string): Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return raw(name);
}

/** `alias.column`. */
export const col = (alias: string, column: string): Sql => raw(`${ident(alias).text}.${ident(column).text}`);

/** A GraphQL name (response key, typename, enum value) or an ordering name as a text literal. */
export function literal(text: string): Sql {
  if (!LITERAL.test(text)) throw new Error(`not a plan literal: ${text}`);
  return raw(`'${text}'`);
}

/** A non-negative integer of the plan (a page size), written into the text so plans stay stable. */
export function int(n: number): Sql {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a page size: ${n}`);
  return raw(String(n));
}

const DATE = "'YYYY-MM-DD'";
const TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A column's value as the API writes it: dates and timestamps as ISO text, decimals in plain digits. */
export function formatted(value: Sql, format: ValueFormat = 'json'): Sql {
  switch (format) {
    case 'json':
      return value;
    case 'date':
      return sql`to_char(${value}, ${raw(DATE)})`;
    case 'timestamp':
      return sql`to_char(${value} AT TIME ZONE 'UTC', ${raw(TIMESTAMP)})`;
    case 'decimal':
      // Prisma's Decimal prints no trailing zeros; numeric(30, 6) keeps six.
      return sql`trim_scale(${value})::text`;
    case 'float':
      return sql`${value}::float8`;
  }
}

/** base64url without padding of the UTF-8 bytes of a text, as Buffer.toString('base64url') writes it. */
export const base64url = (text: Sql): Sql => sql`rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

/** The JSON text of one sort-key value in a cursor, as JSON.stringify writes the value the resolvers hold. */
function cursorValue(value: Sql, key: SortKey): Sql {
  const quoted = (text: Sql) => sql`'"' || ${text} || '"'`;
  const written = ((): Sql => {
    switch (key.type) {
      case 'int':
      case 'float':
        return sql`${value}::text`;
      case 'text':
        return sql`to_json(${value})::text`;
      // A Date's toISOString(): a calendar date is midnight UTC.
      case 'date':
        return quoted(isTimestamp(key.field) ? formatted(value, 'timestamp') : sql`to_char(${value}, ${raw(DATE)}) || 'T00:00:00.000Z'`);
      case 'decimal':
        return quoted(formatted(value, 'decimal'));
    }
  })();
  return key.nullable ? sql`coalesce(${written}, 'null')` : written;
}

/** A row's cursor: base64url of the JSON array [ordering, ...key values] (src/schema/pagination.ts encodeCursor). */
export function cursorOf(ordering: Ordering, model: Model, alias: string): Sql {
  const values = ordering.keys.map((key) => cursorValue(col(alias, columnOf(model, key.field)), key));
  return base64url(sql`'["' || ${literal(ordering.name)} || '",' || ${join(values, ` || ',' || `)} || ']'`);
}
