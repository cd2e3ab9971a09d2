// The one map from Prisma's data model to SQL names: the table of each model
// and the column of each field. Every statement of the SQL layer (and the
// generator's COPY) names tables and columns through it, as raw fragments made
// only from these fixed names, never from input. Fields come from Prisma's
// datamodel, so a field that does not exist fails here, not in PostgreSQL.
import { Prisma } from '../generated/prisma/client.ts';
import { MODELS as DATAMODEL, type ModelField } from '../domain/kind-models.ts';

export type Model = Prisma.ModelName;

/** Table of each model (its @@map in schema.prisma; test/db/where-sql.test.ts holds them against the database). */
export const TABLES: Record<Model, string> = {
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
  ApiToken: 'api_token',
  RetractedRelation: 'retracted_relation',
  RetractedObservation: 'retracted_observation',
  Change: 'change_log',
  GraphVersion: 'graph_version',
  OutrankedClaim: 'outranked_claim',
};

export type Field = ModelField;

/** The models and their fields, as Prisma declares them (read once, in src/domain/kind-models.ts). */
export const MODELS = DATAMODEL as Record<Model, { fields: Field[] }>;

export function fieldOf(model: Model, name: string): Field {
  const field = MODELS[model]?.fields.find((f) => f.name === name);
  if (!field) throw new Error(`${model} has no field ${name}`);
  return field;
}

/** Columns are the snake_case of their field (every @map in schema.prisma follows the rule; a test checks it). */
const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The column of a scalar field of `model`. */
export function columnOf(model: Model, field: string): string {
  const f = fieldOf(model, field);
  if (f.kind === 'object') throw new Error(`${model}.${field} is a relation, not a column`);
  return snakeCase(field);
}

/** `alias.column` of a field, as a fragment. */
export function column(alias: string, model: Model, field: string): Prisma.Sql {
  return Prisma.raw(`${alias}.${columnOf(model, field)}`);
}

/** The table of a model, as a fragment. */
export function table(model: Model): Prisma.Sql {
  return Prisma.raw(TABLES[model]);
}

/** The model a relation field of `model` points to. */
export function relatedModel(model: Model, relation: string): Model {
  const f = fieldOf(model, relation);
  if (f.kind !== 'object') throw new Error(`${model}.${relation} is not a relation`);
  return f.type as Model;
}

/** The key of a model: `id`, or for the models that have none, their 1:1 entity. */
export const keyOf = (model: Model) => (MODELS[model].fields.some((f) => f.name === 'id') ? 'id' : 'entityId');

/** Timestamps; every other DateTime of the model is a calendar date. */
export const isTimestamp = (field: string) => field === 'createdAt' || field === 'updatedAt';

const CASTS: Record<string, string> = { Int: 'int', Float: 'float8', Decimal: 'numeric', String: 'text', Boolean: 'boolean' };

/** The SQL type a value of a scalar field is cast to as a parameter. */
export function castOf(model: Model, field: string): string {
  const f = fieldOf(model, field);
  if (f.type === 'DateTime') return isTimestamp(field) ? 'timestamptz' : 'date';
  const cast = CASTS[f.type];
  if (!cast || f.isList) throw new Error(`${model}.${field} has no sortable SQL type`);
  return cast;
}
