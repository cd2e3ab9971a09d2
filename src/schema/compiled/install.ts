// Compiled reads: a root field whose whole selection the read compiler covers
// is answered by ONE SQL statement that returns the answer as JSON
// (src/sql/read/); the objects it built carry `$t`, their GraphQL type, and
// every field below them reads its value from its parent by response key,
// with no I/O and no resolver work. Anything else, and every request whose
// context says `compiledReads: false`, runs the resolvers as before. Installed
// once on the built schema, around every resolver, so the resolvers
// themselves stay as they are.
import { defaultFieldResolver, type DocumentNode, type FieldNode, getArgumentValues, getNamedType, getVariableValues, Kind, type OperationDefinitionNode, type GraphQLField, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, isAbstractType, isObjectType } from 'graphql';
import type { Prisma } from '../../generated/prisma/client.ts';
import { compileRead } from '../../sql/read/compile.ts';
import { withGraphVersion } from '../../sql/graph-version.ts';
import { preparedRows, rows } from '../../sql/statement.ts';
import type { Sql } from '../../sql/read/fragments.ts';
import type { OnePlan, RootPlan } from '../../sql/read/plan.ts';
import { LIMITS } from '../../limits.ts';
import { decodeGlobalId } from '../scalars.ts';
import type { Context } from '../builder.ts';
import { entityOrdering } from '../entity.ts';
import { entityWhere } from '../filters/entity.ts';
import { allOf, type ConnectionArgs, pageOf } from '../pagination.ts';
import { metricWhere, sourceWhere } from '../filters/index.ts';
import { metricOrdering, observationOrdering, observationWhere } from '../observation.ts';
import { sourceOrdering } from '../source.ts';
import { checkCompiledArguments, KIND_OF_TYPE, MODEL_OF_TYPE, NotCompiled, Planner } from './planner.ts';

type Built = { $t: string } & Record<string, unknown>;

const isBuilt = (value: unknown): value is Built => typeof value === 'object' && value !== null && '$t' in value;

type Args = Record<string, unknown>;
export type RootPlanner = (info: GraphQLResolveInfo, args: Args, field: GraphQLField<unknown, unknown>) => RootPlan;

/** entities(kind, kinds, filter, orderBy) and the kind roots (customsOffices, ...): a page of entities. */
function entityPage(kind: string | null): RootPlanner {
  return (info, args, field) => {
    // Bounds on related aggregates are the resolvers' alone (src/sql/aggregates).
    if (args.having) throw new Error('having is not compiled');
    const kinds = kind ? [kind] : [...(args.kind ? [args.kind as string] : []), ...((args.kinds as string[] | null) ?? [])];
    const where = allOf<Prisma.EntityWhereInput>(
      kinds.length ? (kind ? { kind: kind as never } : { kind: { in: kinds as never } }) : {},
      args.filter ? entityWhere(args.filter as never) : {},
    );
    const page = pageOf(args as ConnectionArgs, entityOrdering(args.orderBy as never));
    const source = { kind: 'all' as const, model: 'entity' as const, where: Object.keys(where).length ? where : null };
    return { kind: 'connection', connection: new Planner(info).connection(field, info.fieldNodes, source, page) };
  };
}

/** sources, metrics and observations: a page of one model's rows, filtered and ordered by the resolvers' own functions. */
function rowPage(model: 'source' | 'metric' | 'observation'): RootPlanner {
  return (info, args, field) => {
    checkCompiledArguments(field.name, args);
    const [where, ordering] =
      model === 'source'
        ? [args.filter ? sourceWhere(args.filter as never) : {}, sourceOrdering(args.orderBy as never)]
        : model === 'metric'
          ? [args.filter ? metricWhere(args.filter as never) : {}, metricOrdering(args.orderBy as never)]
          : [observationWhere(args as never), observationOrdering(args.orderBy as never)];
    const page = pageOf(args as ConnectionArgs, ordering);
    const source = { kind: 'all' as const, model, where: Object.keys(where).length ? where : null };
    return { kind: 'connection', connection: new Planner(info).connection(field, info.fieldNodes, source, page) };
  };
}

/** source(slug) and metric(slug). */
function rowBySlug(model: 'source' | 'metric'): RootPlanner {
  return (info, args, field) => ({ kind: 'one', model, where: { slug: args.slug as string }, object: new Planner(info).object(field.type, info.fieldNodes) });
}

/** One object by its global ID, of any Node type the compiler reads rows of; a malformed ID is the resolvers' to report. */
function nodePlan(info: GraphQLResolveInfo, globalId: string): OnePlan {
  const { typename, id } = decodeGlobalId(globalId);
  const type = info.schema.getType(typename);
  const model = MODEL_OF_TYPE[typename];
  if (!model || !isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) throw new NotCompiled(typename);
  // An entity's ID names its type: a row of another kind is not it.
  const kind = KIND_OF_TYPE[typename];
  return { kind: 'one', model, where: { id, ...(kind ? { kind } : {}) }, object: new Planner(info).object(type, info.fieldNodes) };
}

/** node(id) and nodes(ids). An ID that finds no row is an error the resolvers raise: see NULL_TO_RESOLVERS. */
const nodeById: RootPlanner = (info, args) => nodePlan(info, String(args.id));
const nodesByIds: RootPlanner = (info, args) => {
  const ids = (args.ids as unknown[]).map(String);
  if (ids.length > LIMITS.nodeIds) throw new NotCompiled('nodes(ids:) past its limit');
  return { kind: 'many', items: ids.map((id) => nodePlan(info, id)) };
};

/**
 * Root fields whose answer, where it holds a null, the resolvers give again
 * with the error that says why (an ID that names nothing): the compiled
 * statement finds the rows, not the reason for a missing one.
 */
export const NULL_TO_RESOLVERS = new Set(['node', 'nodes']);

/** Whether a compiled answer holds a null the resolvers must explain. */
export const holdsNull = (value: unknown): boolean => value === null || (Array.isArray(value) && value.includes(null));

/** entity(slug) and the typed lookups (customsOffice(slug), ...): one entity, of one kind or any. */
function entityBySlug(kind: string | null): RootPlanner {
  return (info, args, field) => ({
    kind: 'one',
    model: 'entity',
    where: { slug: args.slug as string, ...(kind ? { kind } : {}) },
    object: new Planner(info).object(field.type, info.fieldNodes),
  });
}

const plannersOfSchema = new WeakMap<GraphQLSchema, Map<string, RootPlanner>>();

/** The root fields the compiler answers, by name (built once per schema). */
export function rootPlannersOf(schema: GraphQLSchema): Map<string, RootPlanner> {
  let planners = plannersOfSchema.get(schema);
  if (!planners) plannersOfSchema.set(schema, (planners = rootPlanners(schema)));
  return planners;
}

/** The root fields the compiler answers, found by their types so every kind's fields are included. */
function rootPlanners(schema: GraphQLSchema): Map<string, RootPlanner> {
  const planners = new Map<string, RootPlanner>([
    ['entity', entityBySlug(null)],
    ['entities', entityPage(null)],
    ['source', rowBySlug('source')],
    ['sources', rowPage('source')],
    ['metric', rowBySlug('metric')],
    ['metrics', rowPage('metric')],
    ['observations', rowPage('observation')],
    ['node', nodeById],
    ['nodes', nodesByIds],
  ]);
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const type = getNamedType(field.type);
    if (KIND_OF_TYPE[type.name] && field.args.some((a) => a.name === 'slug')) planners.set(field.name, entityBySlug(KIND_OF_TYPE[type.name]!));
    const edge = isObjectType(type) ? type.getFields().edges : undefined;
    const edgeType = edge ? getNamedType(edge.type) : undefined;
    const node = edgeType && isObjectType(edgeType) ? edgeType.getFields().node : undefined;
    const nodeType = node ? getNamedType(node.type) : null;
    if (nodeType && KIND_OF_TYPE[nodeType.name] && field.name !== 'entities') planners.set(field.name, entityPage(KIND_OF_TYPE[nodeType.name]!));
  }
  return planners;
}

/** The compiled statement of a root field, or null where the compiler does not cover the selection or an argument is bad (the resolvers then answer, and report it). */
function compiled(planner: RootPlanner, info: GraphQLResolveInfo, args: Args, field: GraphQLField<unknown, unknown>) {
  try {
    return compileRead(planner(info, args, field));
  } catch {
    // NotCompiled, or an argument pageOf or a filter refuses: the resolvers report it where it belongs.
    return null;
  }
}

/** Statements kept per parsed field (Yoga caches parsed documents) and variables; a few per field. */
const statements = new WeakMap<FieldNode, Map<string, Sql | null>>();
const STATEMENTS_PER_FIELD = 64;

/**
 * The statement of this root field with these variables: planned and compiled
 * once, since a statement follows from the document and the variables alone.
 */
function cachedStatement(info: GraphQLResolveInfo, compile: () => Sql | null): Sql | null {
  const node = info.fieldNodes[0]!;
  let byVariables = statements.get(node);
  if (!byVariables) statements.set(node, (byVariables = new Map()));
  const key = JSON.stringify(info.variableValues);
  let statement = byVariables.get(key);
  if (statement === undefined) {
    statement = compile();
    if (byVariables.size >= STATEMENTS_PER_FIELD) byVariables.delete(byVariables.keys().next().value!);
    byVariables.set(key, statement);
  }
  return statement;
}

/** The compiled statement of a root field with these arguments, or null where the resolvers answer it. */
export function statementOf(info: GraphQLResolveInfo, planner: RootPlanner, args: Args, field: GraphQLField<unknown, unknown>): Sql | null {
  return cachedStatement(info, () => compiled(planner, info, args, field));
}

/** Runs a compiled statement: the root field's answer as JSON, null when no row matches. */
export async function readCompiled(ctx: Context, statement: Sql): Promise<unknown> {
  const found = await rows<{ data: unknown }>(ctx.pool, statement);
  return found[0]?.data ?? null;
}

/** Each kept statement with its graph version beside it (one object per statement, so it is prepared once). */
const withVersion = new WeakMap<Sql, Sql>();

/**
 * Runs a compiled statement with the graph version of its snapshot beside the
 * answer (src/sql/graph-version.ts): the version the answer reflects, read in
 * the same round trip.
 */
export async function readCompiledWithVersion(ctx: Context, statement: Sql): Promise<{ value: unknown; version: bigint | undefined }> {
  let versioned = withVersion.get(statement);
  if (!versioned) withVersion.set(statement, (versioned = withGraphVersion(statement)));
  // Prepared: the same statement object comes back for the same document and variables.
  const found = await preparedRows<{ data: unknown; graph_version: string }>(ctx.pool, versioned);
  // No version row (never, once migrated): the answer alone, without a version.
  if (!found[0]) return { value: await readCompiled(ctx, statement), version: undefined };
  return { value: found[0].data ?? null, version: BigInt(found[0].graph_version) };
}

/** Installs compiled reads on the built schema (see the top of this file). */
export function installCompiledReads(schema: GraphQLSchema): void {
  const roots = rootPlannersOf(schema);
  const query = schema.getQueryType()!;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isAbstractType(type) && type.resolveType) {
      const resolveType = type.resolveType;
      type.resolveType = (value, ...rest) => (isBuilt(value) ? value.$t : resolveType(value, ...rest));
    }
    if (!(type instanceof GraphQLObjectType) || type === query) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => (isBuilt(parent) ? parent[info.path.key as string] : resolve(parent, args, ctx, info));
    }
  }
  for (const [name, planner] of roots) {
    const field = query.getFields()[name]!;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args, ctx: Context, info) => {
      const statement = ctx.compiledReads === false ? null : statementOf(info, planner, args, field);
      if (!statement) return resolve(root, args, ctx, info);
      const value = await readCompiled(ctx, statement);
      return NULL_TO_RESOLVERS.has(name) && holdsNull(value) ? resolve(root, args, ctx, info) : value;
    };
  }
}

/**
 * The statement compiled for the first root field of a query, or null where the
 * resolvers would answer: for golden SQL and EXPLAIN, outside a request.
 */
export function compiledStatementOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}) {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const node = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD)!;
  const query = schema.getQueryType()!;
  const field = query.getFields()[node.name.value]!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const info = { schema, fragments, variableValues: coerced.coerced, fieldNodes: [node], fieldName: field.name, parentType: query, returnType: field.type, operation } as unknown as GraphQLResolveInfo;
  const planner = rootPlannersOf(schema).get(field.name);
  return planner ? compiled(planner, info, getArgumentValues(field, node, coerced.coerced), field) : null;
}
