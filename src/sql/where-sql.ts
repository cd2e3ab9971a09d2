// Translates the Prisma `where` objects the API's filters compile to into a
// parameterised SQL condition, so aggregate and ranking queries that Prisma
// cannot express (GROUP BY an entity's kind, window functions) apply exactly
// the same filter in the same single statement. It understands the vocabulary
// src/schema/filters.ts and the observation arguments produce (scalar
// operators, AND/OR/NOT, to-one and some/every/none relation filters) and
// refuses anything else rather than guess. Values only ever travel as
// parameters; names come from the data model, never from input.
import { isoDate } from '../domain/period.ts';
import { getDatamodel } from '../generated/pothos-types.ts';

/** `text` with LIKE's metacharacters taken literally (escape character `\\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Field = {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  relationName?: string;
  relationFromFields?: string[];
};

const MODELS = getDatamodel().datamodel.models as unknown as Record<string, { fields: Field[] }>;

/** Table of each model (its @@map). */
export const TABLES: Record<string, string> = {
  Source: 'source',
  Evidence: 'evidence',
  Entity: 'entity',
  EntityMention: 'entity_mention',
  CustomsOfficeDetails: 'customs_office',
  BondedZoneDetails: 'bonded_zone',
  AirportDetails: 'airport',
  PolicyDetails: 'policy',
  IndustryDetails: 'industry',
  ProductDetails: 'product',
  RegionDetails: 'region',
  OrganizationDetails: 'organization',
  EventDetails: 'event',
  Relation: 'relation',
  Metric: 'metric',
  Observation: 'observation',
  GraphVersion: 'graph_version',
};

/** Columns are the snake_case of their field (every @map in schema.prisma follows the rule; a test checks it). */
export const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The key of the models that have no `id` column: their 1:1 entity. */
const keyOf = (model: string) => (MODELS[model]!.fields.some((f) => f.name === 'id') ? 'id' : 'entityId');

/** Timestamps; every other DateTime of the model is a calendar date. */
const TIMESTAMP_FIELDS = new Set(['createdAt', 'updatedAt']);

class WhereSqlError extends Error {}

export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function fieldOf(model: string, name: string): Field {
  const field = MODELS[model]?.fields.find((f) => f.name === name);
  if (!field) throw new WhereSqlError(`${model} has no field ${name}`);
  return field;
}

/** A value as PostgreSQL should read it for this field: dates as calendar dates, never shifted by time zones. */
function sqlValue(field: Field, value: unknown): unknown {
  if (value instanceof Date) {
    return TIMESTAMP_FIELDS.has(field.name) ? value.toISOString() : isoDate(value);
  }
  if (Array.isArray(value)) return value.map((v) => sqlValue(field, v));
  if (value !== null && typeof value === 'object' && 'toFixed' in value) return String(value);
  return value;
}

const COMPARISONS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function scalarSql(field: Field, column: string, filter: unknown, params: SqlParams): string {
  const value = (v: unknown) => params.add(sqlValue(field, v));
  if (filter === null) return `${column} IS NULL`;
  if (typeof filter !== 'object' || filter instanceof Date || Array.isArray(filter) || 'toFixed' in (filter as object)) {
    return `${column} = ${value(filter)}`;
  }
  const ops = filter as Record<string, unknown>;
  const insensitive = ops.mode === 'insensitive';
  const text = (c: string) => (insensitive ? `lower(${c})` : c);
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    if (op === 'mode' || operand === undefined) continue;
    if (field.isList) {
      if (op === 'has') parts.push(`${value(operand)} = ANY (${column})`);
      else if (op === 'hasSome') parts.push(`${column} && ${value(operand)}`);
      else if (op === 'hasEvery') parts.push(`${column} @> ${value(operand)}`);
      else if (op === 'isEmpty') parts.push(operand ? `cardinality(${column}) = 0` : `cardinality(${column}) > 0`);
      else throw new WhereSqlError(`list operator ${op}`);
      continue;
    }
    // An insensitive equals is Prisma's ILIKE, its operand LIKE-escaped by the filter compiler.
    if (op === 'equals' && insensitive && operand !== null) parts.push(`${column} ILIKE ${value(operand)}`);
    else if (op === 'equals') parts.push(operand === null ? `${column} IS NULL` : `${column} = ${value(operand)}`);
    else if (op === 'not' && operand === null) parts.push(`${column} IS NOT NULL`);
    else if (op === 'in' || op === 'notIn') {
      const list = insensitive ? params.add((operand as string[]).map((s) => s.toLowerCase())) : value(operand);
      parts.push(op === 'in' ? `${text(column)} = ANY (${list})` : `NOT (${text(column)} = ANY (${list}))`);
    } else if (op in COMPARISONS) parts.push(`${column} ${COMPARISONS[op]} ${value(operand)}`);
    else if (op === 'contains' || op === 'startsWith' || op === 'endsWith') {
      // The text is already LIKE-escaped by the filter compiler, as Prisma expects it.
      const pattern = op === 'contains' ? `%${String(operand)}%` : op === 'startsWith' ? `${String(operand)}%` : `%${String(operand)}`;
      parts.push(`${column} ${insensitive ? 'ILIKE' : 'LIKE'} ${params.add(pattern)}`);
    } else throw new WhereSqlError(`scalar operator ${op}`);
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

let aliasCounter = 0;
const nextAlias = () => `w${(aliasCounter = (aliasCounter + 1) % 1_000_000)}`;

/** The join condition between `alias` (of `model`) and `target` (of the relation field's model). */
function joinOf(model: string, alias: string, field: Field, target: string): string {
  const from = field.relationFromFields ?? [];
  if (from.length) return `${target}.${columnOf(keyOf(field.type))} = ${alias}.${columnOf(from[0]!)}`;
  const back = MODELS[field.type]!.fields.find((f) => f.relationName === field.relationName && f.kind === 'object' && f.relationFromFields?.length && f.type === model);
  if (!back) throw new WhereSqlError(`no foreign key for ${model}.${field.name}`);
  return `${target}.${columnOf(back.relationFromFields![0]!)} = ${alias}.${columnOf(keyOf(model))}`;
}

/** SQL condition equivalent to the Prisma `where` on `model` rows aliased `alias`. */
export function whereSql(model: string, alias: string, where: unknown, params: SqlParams): string {
  if (where === null || where === undefined) return 'TRUE';
  if (typeof where !== 'object' || Array.isArray(where)) throw new WhereSqlError(`where of ${model} is not an object`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (Array.isArray(value) ? value : [value]).map((w) => `(${whereSql(model, alias, w, params)})`);
      parts.push(list.length ? list.join(key === 'AND' ? ' AND ' : ' OR ') : key === 'AND' ? 'TRUE' : 'FALSE');
      continue;
    }
    if (key === 'NOT') {
      const list = (Array.isArray(value) ? value : [value]).map((w) => `NOT (${whereSql(model, alias, w, params)})`);
      parts.push(list.join(' AND ') || 'TRUE');
      continue;
    }
    const field = fieldOf(model, key);
    if (field.kind !== 'object') {
      parts.push(scalarSql(field, `${alias}.${columnOf(key)}`, value, params));
      continue;
    }
    const target = nextAlias();
    const table = TABLES[field.type];
    const join = joinOf(model, alias, field, target);
    const exists = (condition: string) => `EXISTS (SELECT 1 FROM ${table} ${target} WHERE ${join} AND (${condition}))`;
    if (field.isList) {
      for (const [quantifier, inner] of Object.entries(value as Record<string, unknown>)) {
        const condition = whereSql(field.type, target, inner, params);
        if (quantifier === 'some') parts.push(exists(condition));
        else if (quantifier === 'none') parts.push(`NOT ${exists(condition)}`);
        else if (quantifier === 'every') parts.push(`NOT ${exists(`NOT (${condition})`)}`);
        else throw new WhereSqlError(`list relation filter ${quantifier}`);
      }
      continue;
    }
    if (value === null) {
      const from = field.relationFromFields ?? [];
      parts.push(from.length ? `${alias}.${columnOf(from[0]!)} IS NULL` : `NOT ${exists('TRUE')}`);
      continue;
    }
    const inner = value as Record<string, unknown>;
    const keys = Object.keys(inner);
    if (keys.length === 1 && keys[0] === 'is') parts.push(inner.is === null ? `NOT ${exists('TRUE')}` : exists(whereSql(field.type, target, inner.is, params)));
    else if (keys.length === 1 && keys[0] === 'isNot') {
      parts.push(inner.isNot === null ? exists('TRUE') : `NOT ${exists(whereSql(field.type, target, inner.isNot, params))}`);
    }
    else parts.push(exists(whereSql(field.type, target, inner, params)));
  }
  return parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE';
}
