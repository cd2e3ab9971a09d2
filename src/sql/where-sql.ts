// Translates the Prisma `where` objects the API's filters compile to into a
// SQL condition, so aggregate and ranking queries that Prisma cannot express
// (GROUP BY an entity's kind, window functions) apply exactly the same filter
// in the same single statement. It understands the vocabulary the filters and
// the observation arguments produce (scalar operators, AND/OR/NOT, to-one and
// some/every/none relation filters) and refuses anything else rather than
// guess. Values only ever travel as parameters of Prisma.sql fragments; names
// come from the column map (columns.ts), never from input.
import { isoDate } from '../domain/period.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { column, type Field, fieldOf, isTimestamp, keyOf, type Model, MODELS, table } from './columns.ts';

const { sql, join, raw } = Prisma;

/** `text` with LIKE's metacharacters taken literally (escape character `\\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

class WhereSqlError extends Error {}

/** A value as PostgreSQL should read it for this field: dates as calendar dates, never shifted by time zones. */
function sqlValue(field: Field, value: unknown): unknown {
  if (value instanceof Date) {
    return isTimestamp(field.name) ? value.toISOString() : isoDate(value);
  }
  if (Array.isArray(value)) return value.map((v) => sqlValue(field, v));
  if (value !== null && typeof value === 'object' && 'toFixed' in value) return String(value);
  return value;
}

const COMPARISONS: Record<string, Prisma.Sql> = { lt: raw('<'), lte: raw('<='), gt: raw('>'), gte: raw('>=') };

const TRUE = raw('TRUE');
const FALSE = raw('FALSE');

/** Fragments joined by AND (TRUE when there are none). */
export function and(parts: readonly Prisma.Sql[]): Prisma.Sql {
  return parts.length ? join(parts, ' AND ') : TRUE;
}

function scalarSql(field: Field, col: Prisma.Sql, filter: unknown): Prisma.Sql {
  const value = (v: unknown) => sql`${sqlValue(field, v)}`;
  if (filter === null) return sql`${col} IS NULL`;
  if (typeof filter !== 'object' || filter instanceof Date || Array.isArray(filter) || 'toFixed' in (filter as object)) {
    return sql`${col} = ${value(filter)}`;
  }
  const ops = filter as Record<string, unknown>;
  const insensitive = ops.mode === 'insensitive';
  const text = insensitive ? sql`lower(${col})` : col;
  const parts: Prisma.Sql[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    if (op === 'mode' || operand === undefined) continue;
    if (field.isList) {
      if (op === 'has') parts.push(sql`${value(operand)} = ANY (${col})`);
      else if (op === 'hasSome') parts.push(sql`${col} && ${value(operand)}`);
      else if (op === 'hasEvery') parts.push(sql`${col} @> ${value(operand)}`);
      else if (op === 'isEmpty') parts.push(operand ? sql`cardinality(${col}) = 0` : sql`cardinality(${col}) > 0`);
      else throw new WhereSqlError(`list operator ${op}`);
      continue;
    }
    // An insensitive equals is Prisma's ILIKE, its operand LIKE-escaped by the filter compiler.
    if (op === 'equals' && insensitive && operand !== null) parts.push(sql`${col} ILIKE ${value(operand)}`);
    else if (op === 'equals') parts.push(operand === null ? sql`${col} IS NULL` : sql`${col} = ${value(operand)}`);
    else if (op === 'not' && operand === null) parts.push(sql`${col} IS NOT NULL`);
    else if (op === 'in' || op === 'notIn') {
      const list = insensitive ? sql`${(operand as string[]).map((s) => s.toLowerCase())}` : value(operand);
      parts.push(op === 'in' ? sql`${text} = ANY (${list})` : sql`NOT (${text} = ANY (${list}))`);
    } else if (op in COMPARISONS) parts.push(sql`${col} ${COMPARISONS[op]!} ${value(operand)}`);
    else if (op === 'contains' || op === 'startsWith' || op === 'endsWith') {
      // The text is already LIKE-escaped by the filter compiler, as Prisma expects it.
      const pattern = op === 'contains' ? `%${String(operand)}%` : op === 'startsWith' ? `${String(operand)}%` : `%${String(operand)}`;
      parts.push(insensitive ? sql`${col} ILIKE ${pattern}` : sql`${col} LIKE ${pattern}`);
    } else throw new WhereSqlError(`scalar operator ${op}`);
  }
  return and(parts);
}

/** Names the aliases of one condition's subqueries: `o1`, `o2`, ... under alias `o`, the same for the same filter. */
interface Aliases {
  base: string;
  next: number;
}

/** The join condition between `alias` (of `model`) and `target` (of the relation field's model). */
function joinOf(model: Model, alias: string, field: Field, target: string): Prisma.Sql {
  const related = field.type as Model;
  const from = field.relationFromFields ?? [];
  if (from.length) return sql`${column(target, related, keyOf(related))} = ${column(alias, model, from[0]!)}`;
  const back = MODELS[related].fields.find((f) => f.relationName === field.relationName && f.kind === 'object' && f.relationFromFields?.length && f.type === model);
  if (!back) throw new WhereSqlError(`no foreign key for ${model}.${field.name}`);
  return sql`${column(target, related, back.relationFromFields![0]!)} = ${column(alias, model, keyOf(model))}`;
}

/** SQL condition equivalent to the Prisma `where` on `model` rows aliased `alias`. */
export function whereSql(model: Model, alias: string, where: unknown): Prisma.Sql {
  return conditionOf(model, alias, where, { base: alias, next: 0 });
}

function conditionOf(model: Model, alias: string, where: unknown, aliases: Aliases): Prisma.Sql {
  if (where === null || where === undefined) return TRUE;
  if (typeof where !== 'object' || Array.isArray(where)) throw new WhereSqlError(`where of ${model} is not an object`);
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (Array.isArray(value) ? value : [value]).map((w) => sql`(${conditionOf(model, alias, w, aliases)})`);
      parts.push(list.length ? join(list, key === 'AND' ? ' AND ' : ' OR ') : key === 'AND' ? TRUE : FALSE);
      continue;
    }
    if (key === 'NOT') {
      const list = (Array.isArray(value) ? value : [value]).map((w) => sql`NOT (${conditionOf(model, alias, w, aliases)})`);
      parts.push(and(list));
      continue;
    }
    const field = fieldOf(model, key);
    if (field.kind !== 'object') {
      parts.push(scalarSql(field, column(alias, model, key), value));
      continue;
    }
    const related = field.type as Model;
    const target = `${aliases.base}${++aliases.next}`;
    const on = joinOf(model, alias, field, target);
    const exists = (condition: Prisma.Sql) => sql`EXISTS (SELECT 1 FROM ${table(related)} ${raw(target)} WHERE ${on} AND (${condition}))`;
    const inner = (w: unknown) => conditionOf(related, target, w, aliases);
    if (field.isList) {
      for (const [quantifier, filter] of Object.entries(value as Record<string, unknown>)) {
        if (quantifier === 'some') parts.push(exists(inner(filter)));
        else if (quantifier === 'none') parts.push(sql`NOT ${exists(inner(filter))}`);
        else if (quantifier === 'every') parts.push(sql`NOT ${exists(sql`NOT (${inner(filter)})`)}`);
        else throw new WhereSqlError(`list relation filter ${quantifier}`);
      }
      continue;
    }
    if (value === null) {
      const from = field.relationFromFields ?? [];
      parts.push(from.length ? sql`${column(alias, model, from[0]!)} IS NULL` : sql`NOT ${exists(TRUE)}`);
      continue;
    }
    const filter = value as Record<string, unknown>;
    const keys = Object.keys(filter);
    if (keys.length === 1 && keys[0] === 'is') parts.push(filter.is === null ? sql`NOT ${exists(TRUE)}` : exists(inner(filter.is)));
    else if (keys.length === 1 && keys[0] === 'isNot') parts.push(filter.isNot === null ? exists(TRUE) : sql`NOT ${exists(inner(filter.isNot))}`);
    else parts.push(exists(inner(filter)));
  }
  return parts.length ? join(parts.map((p) => sql`(${p})`), ' AND ') : TRUE;
}
