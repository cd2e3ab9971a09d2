// Turns the selection beneath a field (GraphQLResolveInfo) into a read plan
// (src/sql/read/plan.ts): which columns, links, lists and connections each
// object of the answer needs, keyed by the client's response keys. A field the
// compiler does not cover throws NotCompiled, and the root field then runs
// its resolvers as before. Arguments go through the same functions the
// resolvers use (pageOf, observationWhere, ...), so pages, cursors and
// filters are the same, and a bad argument is reported by the resolver path.
import { type FieldNode, getArgumentValues, getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLOutputType, type GraphQLResolveInfo, isAbstractType } from 'graphql';
import { sidesOf } from '../../domain/predicates.ts';
import { columnOf, isTimestamp, type Model as PrismaModel, MODELS, TABLES } from '../../sql/columns.ts';
import { PRISMA_MODEL } from '../../sql/read/connection.ts';
import type { ConnectionField, ConnectionPlan, FieldPlan, Model, ObjectPlan, RowSource, ValueFormat } from '../../sql/read/plan.ts';
import { TYPE_OF_KIND } from '../entity.ts';
import { WALK_FIELDS } from '../entity-walks.ts';
import { observationOrdering, observationWhere } from '../observation.ts';
import { type ConnectionArgs, type Page, pageOf } from '../pagination.ts';
import { RELATION_ORDER, SOURCE_RELATION_ORDER } from '../relation.ts';
import { EVIDENCE_ORDER } from '../source.ts';
import { subfields } from './collect.ts';

/** A selection the compiler does not cover: the root field runs its resolvers instead. */
export class NotCompiled extends Error {}

type Args = Record<string, unknown>;
type Fields = Array<readonly [string, FieldPlan]>;

export const KIND_OF_TYPE: Record<string, string> = Object.fromEntries(Object.entries(TYPE_OF_KIND).map(([kind, type]) => [type, kind]));

export const MODEL_OF_TYPE: Record<string, Model> = {
  ...Object.fromEntries([...Object.keys(KIND_OF_TYPE), 'Entity'].map((t) => [t, 'entity' as const])),
  Relation: 'relation',
  Observation: 'observation',
  Evidence: 'evidence',
  Source: 'source',
  Metric: 'metric',
};


type DmmfField = (typeof MODELS)[PrismaModel]['fields'][number];

/** Where the API's name of a column differs from Prisma's. */
const RENAMED: Record<string, string> = { publishedAt: 'publishedOn' };

const formatOf = (field: DmmfField): ValueFormat | undefined =>
  field.type === 'DateTime' ? (isTimestamp(field.name) ? 'timestamp' : 'date') : field.type === 'Decimal' ? 'decimal' : undefined;

/** A scalar column of a Prisma model exposed under the same (or RENAMED) name, if there is one. */
function scalarOf(prismaModel: string, name: string): { column: string; format?: ValueFormat } | null {
  const prismaName = RENAMED[name] ?? name;
  const field = MODELS[prismaModel as PrismaModel]?.fields.find((f) => f.name === prismaName && (f.kind === 'scalar' || f.kind === 'enum'));
  if (!field || field.name.endsWith('Id') || field.name === 'id') return null;
  return { column: columnOf(prismaModel as PrismaModel, field.name), format: formatOf(field) };
}

/** Fields named like a column whose resolvers compute more than the column holds. */
const COMPUTED = new Set(['Observation.rank', 'Observation.rankReason']);

/** The links of each model: the API's field, the row's column, whether it is an entity. */
const LINKS: Record<string, string> = {
  'relation.subject': 'subject_id',
  'relation.object': 'object_id',
  'relation.evidence': 'evidence_id',
  'observation.metric': 'metric_id',
  'observation.subject': 'subject_id',
  'observation.scope': 'scope_id',
  'observation.statedBy': 'stated_by_id',
  'observation.evidence': 'evidence_id',
  'observation.source': 'source_id',
  'evidence.source': 'source_id',
  'relation.source': 'source_id',
};

/** Links and lists through an entity's attribute tables. */
const ENTITY_LINKS: Record<string, { table: string; column: string }> = {
  'CustomsOffice.parentOffice': { table: 'customs_office', column: 'parent_office_id' },
  'Industry.parentIndustry': { table: 'industry', column: 'parent_industry_id' },
};
const ENTITY_LISTS: Record<string, { through: string; column: string; itemColumn: string }> = {
  'CustomsOffice.childOffices': { through: 'customs_office', column: 'parent_office_id', itemColumn: 'entity_id' },
  'Industry.subIndustries': { through: 'industry', column: 'parent_industry_id', itemColumn: 'entity_id' },
  mentions: { through: 'entity_mention', column: 'entity_id', itemColumn: 'evidence_id' },
};

/** Observations below each model, by the observation column that names the parent. */
const OBSERVATIONS_OF: Partial<Record<Model, string>> = { entity: 'subject_id', metric: 'metric_id', source: 'source_id' };

/** Objects built from their parent's own row: a period, a reported change. */
const SHAPES: Record<string, { fields: Record<string, readonly [string, ValueFormat?]>; nullUnless?: string }> = {
  Period: { fields: { start: ['period_start', 'date'], end: ['period_end', 'date'], label: ['period_label'] } },
  ReportedChange: {
    nullUnless: 'change_basis',
    fields: { basis: ['change_basis'], value: ['change_value', 'decimal'], valueFloat: ['change_value', 'float'], unit: ['change_unit'], benchmark: ['change_benchmark'] },
  },
};

/** Arguments the compiler does not translate; set to anything but their default, the field is not compiled. */
const UNCOMPILED_ARGUMENTS = ['disputed', 'includeRetracted', 'asOf', 'having'] as const;

/**
 * Refuses arguments the resolvers answer from more than a field's rows
 * (disputed claims, retracted facts, past states, aggregate bounds): such a
 * field, and so its root, keeps today's path.
 */
export function checkCompiledArguments(field: string, args: Args): Args {
  for (const name of UNCOMPILED_ARGUMENTS) {
    const value = args[name];
    // includeRetracted defaults to false; disputed: false is a filter of its own.
    if (value !== undefined && value !== null && !(name === 'includeRetracted' && value === false)) throw new NotCompiled(`${field}(${name}:)`);
  }
  return args;
}

export class Planner {
  constructor(private readonly info: GraphQLResolveInfo) {}

  private args(field: GraphQLField<unknown, unknown>, node: FieldNode): Args {
    return checkCompiledArguments(field.name, getArgumentValues(field, node, this.info.variableValues));
  }

  /** An object of `type` (an object or interface type) built from a row of its model. */
  object(type: unknown, nodes: readonly FieldNode[]): ObjectPlan {
    const named = getNamedType(type as GraphQLOutputType);
    const model = MODEL_OF_TYPE[named.name];
    if (!model) throw new NotCompiled(named.name);
    const runtimes = isAbstractType(named) ? this.info.schema.getPossibleTypes(named) : [named as GraphQLObjectType];
    const byType = runtimes.map((runtime) => ({ runtime, fields: this.fields(model, runtime, nodes) }));
    if (byType.length === 1) return { model, typename: named.name, fields: byType[0]!.fields };
    return {
      model,
      typename: Object.fromEntries(runtimes.map((r) => [KIND_OF_TYPE[r.name]!, r.name])),
      fields: mergeByKind(byType.map(({ runtime, fields }) => ({ kind: KIND_OF_TYPE[runtime.name]!, fields })), runtimes.length),
    };
  }

  private fields(model: Model, runtime: GraphQLObjectType, nodes: readonly FieldNode[]): Fields {
    const planned: Fields = [];
    for (const [key, fieldNodes] of subfields(this.info, runtime, nodes)) {
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') continue;
      const def = runtime.getFields()[name];
      if (!def) throw new NotCompiled(`${runtime.name}.${name}`);
      planned.push([key, this.field(model, runtime, def, fieldNodes)]);
    }
    return planned;
  }

  private field(model: Model, runtime: GraphQLObjectType, def: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): FieldPlan {
    const name = def.name;
    const at = `${runtime.name}.${name}`;
    if (name === 'id') return { kind: 'globalId' };
    // Columns whose fields the resolvers compute from more than the column (issue 16's claim ranks).
    if (COMPUTED.has(at)) throw new NotCompiled(at);
    const scalar = scalarOf(PRISMA_MODEL[model], name);
    if (scalar) return { kind: 'column', ...scalar };
    const link = LINKS[`${model}.${name}`];
    if (link) return { kind: 'link', via: { column: link }, object: this.object(def.type, nodes) };
    const shape = SHAPES[getNamedType(def.type).name];
    if (shape) return { kind: 'shape', object: this.shape(getNamedType(def.type) as GraphQLObjectType, model, nodes), nullUnless: shape.nullUnless };
    if (name === 'observations' && OBSERVATIONS_OF[model]) return this.observations(OBSERVATIONS_OF[model], def, nodes);
    if (model === 'observation' && name === 'valueFloat') return { kind: 'column', column: 'value', format: 'float' };
    if (model === 'source' && name === 'evidenceCount') return { kind: 'count', table: 'evidence', column: 'source_id' };
    if (model === 'source' && name === 'evidence') {
      const args = this.args(def, nodes[0]!);
      const source: RowSource = { kind: 'children', model: 'evidence', parentColumn: 'source_id', where: null };
      return { kind: 'connection', connection: this.connection(def, nodes, source, pageOf(args as ConnectionArgs, EVIDENCE_ORDER)) };
    }
    if (model === 'source' && name === 'relations') {
      const args = this.args(def, nodes[0]!);
      const predicates = args.predicates as string[] | null | undefined;
      const source: RowSource = { kind: 'children', model: 'relation', parentColumn: 'source_id', where: predicates?.length ? { predicate: { in: predicates } } : null };
      return { kind: 'connection', connection: this.connection(def, nodes, source, pageOf(args as ConnectionArgs, SOURCE_RELATION_ORDER)) };
    }
    if (model !== 'entity') throw new NotCompiled(at);
    // Entities: attributes, links and lists through attribute tables, walks.
    const details = `${runtime.name}Details`;
    const attribute = scalarOf(details, name);
    if (attribute) return { kind: 'attribute', ref: { table: TABLES[details as PrismaModel], column: attribute.column }, format: attribute.format };
    if (ENTITY_LINKS[at]) return { kind: 'link', via: ENTITY_LINKS[at], object: this.object(def.type, nodes) };
    const list = ENTITY_LISTS[at] ?? ENTITY_LISTS[name];
    if (list) return { kind: 'list', list, object: this.object(def.type, nodes) };
    const args = this.args(def, nodes[0]!);
    const walk =
      name === 'relations'
        ? { predicates: args.predicates as string[] | null, kinds: args.kinds as string[] | null, direction: args.direction as 'BOTH' }
        : WALK_FIELDS.get(at);
    if (walk) {
      const source: RowSource = { kind: 'walk', predicates: walk.predicates ?? null, kinds: walk.kinds ?? null, sides: sidesOf(walk.direction) };
      return { kind: 'connection', connection: this.connection(def, nodes, source, pageOf(args as ConnectionArgs, RELATION_ORDER)) };
    }
    throw new NotCompiled(at);
  }

  private shape(type: GraphQLObjectType, model: Model, nodes: readonly FieldNode[]): ObjectPlan {
    const columns = SHAPES[type.name]!.fields;
    const fields: Fields = [...subfields(this.info, type, nodes)]
      .filter(([, n]) => n[0]!.name.value !== '__typename')
      .map(([key, n]) => {
        const column = columns[n[0]!.name.value];
        if (!column) throw new NotCompiled(`${type.name}.${n[0]!.name.value}`);
        return [key, { kind: 'column', column: column[0], format: column[1] }];
      });
    return { model, typename: type.name, fields };
  }

  private observations(parentColumn: string, def: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): FieldPlan {
    const args = this.args(def, nodes[0]!) as Parameters<typeof observationWhere>[0];
    const where = observationWhere(args);
    const source: RowSource = { kind: 'children', model: 'observation', parentColumn, where: Object.keys(where).length ? where : null };
    return { kind: 'connection', connection: this.connection(def, nodes, source, pageOf(args, observationOrdering(args.orderBy))) };
  }

  /** A connection of `def`'s type over `source`, on `page`. */
  connection(def: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], source: RowSource, page: Page): ConnectionPlan {
    const type = getNamedType(def.type) as GraphQLObjectType;
    const edgeType = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
    const nodeType = edgeType.getFields().node!.type;
    const fields: Array<readonly [string, ConnectionField]> = [];
    for (const [key, n] of subfields(this.info, type, nodes)) {
      const name = n[0]!.name.value;
      if (name === '__typename') continue;
      if (name === 'totalCount') fields.push([key, { kind: 'totalCount' }]);
      else if (name === 'nodes') fields.push([key, { kind: 'nodes', object: this.object(nodeType, n) }]);
      else if (name === 'edges') fields.push([key, { kind: 'edges', fields: this.edge(edgeType, nodeType, source, n) }]);
      else if (name === 'pageInfo') {
        const info = [...subfields(this.info, getNamedType(type.getFields().pageInfo!.type) as GraphQLObjectType, n)]
          .filter(([, p]) => p[0]!.name.value !== '__typename')
          .map(([k, p]) => [k, p[0]!.name.value as 'hasNextPage'] as const);
        fields.push([key, { kind: 'pageInfo', fields: info }]);
      } else throw new NotCompiled(`${type.name}.${name}`);
    }
    return { typename: type.name, edgeTypename: edgeType.name, source, page, fields };
  }

  private edge(edgeType: GraphQLObjectType, nodeType: unknown, source: RowSource, nodes: readonly FieldNode[]): Fields {
    const walk = source.kind === 'walk';
    const relation = this.info.schema.getType('Relation') as GraphQLObjectType;
    return [...subfields(this.info, edgeType, nodes)]
      .filter(([, n]) => n[0]!.name.value !== '__typename')
      .map(([key, n]): readonly [string, FieldPlan] => {
        const name = n[0]!.name.value;
        if (name === 'cursor') return [key, { kind: 'cursor' }];
        if (name === 'node') return [key, { kind: 'node', object: this.object(nodeType, n) }];
        if (!walk) throw new NotCompiled(`${edgeType.name}.${name}`);
        // A walk's edge is its relation: the same fields, plus the direction walked.
        if (name === 'direction') return [key, { kind: 'direction' }];
        if (name === 'relation') return [key, { kind: 'shape', object: this.object(relation, n) }];
        return [key, this.field('relation', relation, relation.getFields()[name] ?? missing(edgeType, name), n)];
      });
  }
}

function missing(type: GraphQLObjectType, name: string): never {
  throw new NotCompiled(`${type.name}.${name}`);
}

/**
 * The fields of an entity of an interface, planned for each kind: a key asked
 * the same way of every kind is one field; otherwise a case by kind.
 */
function mergeByKind(byKind: Array<{ kind: string; fields: Fields }>, all: number): Fields {
  const keys = new Map<string, Map<string, { field: FieldPlan; kinds: string[] }>>();
  for (const { kind, fields } of byKind) {
    for (const [key, field] of fields) {
      let variants = keys.get(key);
      if (!variants) keys.set(key, (variants = new Map()));
      const id = JSON.stringify(field);
      const variant = variants.get(id);
      if (variant) variant.kinds.push(kind);
      else variants.set(id, { field, kinds: [kind] });
    }
  }
  return [...keys].map(([key, variants]) => {
    const [only] = variants.values();
    if (variants.size === 1 && only!.kinds.length === all) return [key, only!.field] as const;
    return [key, { kind: 'byKind', cases: [...variants.values()] }] as const;
  });
}

