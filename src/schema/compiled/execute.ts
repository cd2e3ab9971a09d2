// Compiled execution: an operation whose every root field the read compiler
// covers needs no graphql-js execution at all. Each root field's statement
// already returns its answer as JSON keyed by the client's response keys
// (install.ts); what graphql-js would still do over that JSON is choose each
// object's fields for its runtime type, write `__typename`, drop `$t`, and
// serialise leaves. A completer, built once per document, operation and
// variables, does exactly that in one walk, with no resolver calls, promises,
// paths or per-field argument coercion: most of a compiled request's CPU was
// graphql-js walking prebuilt values. Anything it cannot answer as graphql-js
// would (a null where the schema promises a value, an object with no `$t`)
// falls back to graphql-js execution, which reports it in its own words.
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  locatedError,
} from 'graphql';
import type pg from 'pg';
import type { Sql } from '../../sql/read/fragments.ts';
import type { Context } from '../builder.ts';
import { subfields } from './collect.ts';
import { holdsNull, NULL_TO_RESOLVERS, readCompiledWithVersion, rootPlannersOf, statementOf } from './install.ts';

declare module '../builder.ts' {
  interface Context {
    /**
     * Set when compiled execution answered the whole operation: the newest graph
     * version its statements' snapshots held, and the pool they read
     * (src/http/read-source.ts sends it as X-Graph-Version without reading it again).
     */
    compiledGraphVersion?: { pool: pg.Pool; version: bigint };
  }
}

/** Thrown by a completer where graphql-js would raise an error: execution falls back to graphql-js. */
const FALL_BACK = Symbol('fall back to graphql-js');

type Complete = (value: unknown) => unknown;

/** The completer of a value of `type` selected by `nodes`: graphql-js's completeValue over plain JSON. */
function completer(info: GraphQLResolveInfo, type: GraphQLOutputType, nodes: readonly FieldNode[]): Complete {
  if (isNonNullType(type)) {
    const inner = completer(info, type.ofType, nodes);
    return (value) => {
      if (value === null || value === undefined) throw FALL_BACK;
      return inner(value);
    };
  }
  if (isListType(type)) {
    const item = completer(info, type.ofType, nodes);
    return (value) => (value === null || value === undefined ? null : (value as unknown[]).map(item));
  }
  if (isLeafType(type)) {
    return (value) => {
      if (value === null || value === undefined) return null;
      const serialized = type.serialize(value);
      if (serialized === undefined) throw FALL_BACK;
      return serialized;
    };
  }
  const named = type;
  const abstract = isAbstractType(named);
  // Fields of each runtime type, collected the first time an object of that type comes by.
  const byType = new Map<string, ReadonlyArray<readonly [string, Complete | null]>>();
  const fieldsOf = (typename: string) => {
    let fields = byType.get(typename);
    if (fields) return fields;
    const runtime = info.schema.getType(typename) as GraphQLObjectType | undefined;
    if (!runtime || (abstract && !info.schema.isSubType(named, runtime))) throw FALL_BACK;
    fields = [...subfields(info, runtime, nodes)].map(([key, fieldNodes]) => {
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') return [key, null] as const;
      const def = runtime.getFields()[name];
      if (!def) throw FALL_BACK;
      return [key, completer(info, def.type, fieldNodes)] as const;
    });
    byType.set(typename, fields);
    return fields;
  };
  return (value) => {
    if (value === null || value === undefined) return null;
    const object = value as Record<string, unknown>;
    const typename = abstract ? object.$t : named.name;
    if (typeof typename !== 'string') throw FALL_BACK;
    const out: Record<string, unknown> = {};
    for (const [key, complete] of fieldsOf(typename)) out[key] = complete ? complete(object[key]) : typename;
    return out;
  };
}

/** A root field answered by its compiled statement. */
interface CompiledRoot {
  key: string;
  /** A null in its answer is the resolvers' to explain (install.ts NULL_TO_RESOLVERS). */
  nullToResolvers: boolean;
  nodes: readonly FieldNode[];
  statement: Sql;
  complete: Complete;
  nonNull: boolean;
}

/** The compiled roots of an operation, or null when any root field is left to the resolvers. */
function compiledRoots(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): CompiledRoot[] | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const query = schema.getQueryType()!;
  const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const info = { schema, fragments, variableValues: coerced.coerced, operation, parentType: query } as unknown as GraphQLResolveInfo;
  const planners = rootPlannersOf(schema);
  const roots: CompiledRoot[] = [];
  for (const [key, nodes] of subfields(info, query, [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'query' }, selectionSet: operation.selectionSet } as FieldNode])) {
    const field: GraphQLField<unknown, unknown> | undefined = query.getFields()[nodes[0]!.name.value];
    const planner = field && planners.get(field.name);
    if (!field || !planner) return null;
    const fieldInfo = { ...info, fieldNodes: nodes, fieldName: field.name, returnType: field.type } as GraphQLResolveInfo;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, nodes[0]!, coerced.coerced);
    } catch {
      return null;
    }
    const statement = statementOf(fieldInfo, planner, args, field);
    if (!statement) return null;
    roots.push({ key, nullToResolvers: NULL_TO_RESOLVERS.has(field.name), nodes, statement, complete: completer(fieldInfo, field.type, nodes), nonNull: isNonNullType(field.type) });
  }
  return roots.length ? roots : null;
}

/** Variables longer than this as JSON are planned every time rather than kept. */
const MAX_CACHED_VARIABLES_CHARS = 2048;
/** Plans kept per document (one per operation name and variables seen). */
const PLANS_PER_DOCUMENT = 64;
const plans = new WeakMap<DocumentNode, Map<string, CompiledRoot[] | null>>();

function cachedRoots(args: ExecutionArgs): CompiledRoot[] | null {
  const key = JSON.stringify([args.operationName ?? null, args.variableValues ?? null]);
  const compute = () => compiledRoots(args.schema, args.document, args.operationName, args.variableValues);
  if (key.length > MAX_CACHED_VARIABLES_CHARS) return compute();
  let byInput = plans.get(args.document);
  if (!byInput) plans.set(args.document, (byInput = new Map()));
  let roots = byInput.get(key);
  if (roots === undefined) {
    roots = compute();
    if (byInput.size >= PLANS_PER_DOCUMENT) byInput.delete(byInput.keys().next().value!);
    byInput.set(key, roots);
  }
  return roots;
}

/**
 * The answer of an operation whose root fields are all compiled, without
 * graphql-js; null when it is not such an operation, and `fallBack` when
 * graphql-js must answer it after all.
 */
export async function executeCompiled(args: ExecutionArgs, fallBack: () => Promise<ExecutionResult>): Promise<ExecutionResult | null> {
  const context = args.contextValue as Context;
  if (context.compiledReads === false) return null;
  // A retry (on the primary, after a replica failed) starts again.
  context.compiledGraphVersion = undefined;
  const roots = cachedRoots(args);
  if (!roots) return null;
  const pool = context.pool;
  let version: bigint | null | undefined;
  const errors: GraphQLError[] = [];
  const failed = new Set<number>();
  let nullData = false;
  // Root fields of a query run side by side, as graphql-js runs them.
  const values = await Promise.all(
    roots.map(async (root, i) => {
      try {
        const read = await readCompiledWithVersion(context, root.statement);
        // The newest of the statements' versions; none when any statement could not say.
        if (read.version === undefined) version = null;
        else if (version !== null && (version === undefined || read.version > version)) version = read.version;
        return read.value;
      } catch (error) {
        failed.add(i);
        errors.push(locatedError(error, root.nodes, [root.key]));
        if (root.nonNull) nullData = true;
        return null;
      }
    }),
  );
  if (roots.some((root, i) => root.nullToResolvers && !failed.has(i) && holdsNull(values[i]))) return fallBack();
  let data: Record<string, unknown> | null = {};
  try {
    roots.forEach((root, i) => (data![root.key] = failed.has(i) ? null : root.complete(values[i])));
  } catch {
    // FALL_BACK, or a scalar that refuses its value: graphql-js reports it as a field error, in its words.
    return fallBack();
  }
  if (nullData) data = null;
  if (!errors.length && version) context.compiledGraphVersion = { pool, version };
  return errors.length ? { data, errors } : { data };
}
