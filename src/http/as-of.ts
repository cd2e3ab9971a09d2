// `asOf`: an operation whose root fields give a moment reads the graph as it
// stood then, everything nested included. The moment is the operation's, not a
// field's: its root fields must all give the same one (or none at all), and it
// may not lie in the future. The execution then runs on one connection in the
// past (src/db/as-of.ts), with the context's prisma and pool swapped for it.
import { type DocumentNode, type FieldNode, getOperationAST, getVariableValues, type GraphQLSchema, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { Plugin } from 'graphql-yoga';
import { atMoment } from '../db/as-of.ts';
import { BadInputError } from '../domain/errors.ts';
import type { Context } from '../schema/builder.ts';
import { graphQLErrorOf } from '../schema/graphql-errors.ts';

const EARLIEST = Date.parse('0001-01-01T00:00:00Z');

/** The root fields of a selection, through fragments. */
function rootFields(selections: SelectionSetNode, fragments: Map<string, SelectionSetNode>, seen = new Set<string>()): FieldNode[] {
  return selections.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments, seen);
    const name = s.name.value;
    const set = fragments.get(name);
    if (!set || seen.has(name)) return [];
    seen.add(name);
    return rootFields(set, fragments, seen);
  });
}

/** Root fields of each operation of a document (Yoga's parse cache hands out one document per text): found once, not per request. */
const rootFieldsKept = new WeakMap<OperationDefinitionNode, FieldNode[]>();

function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  let roots = rootFieldsKept.get(operation);
  if (!roots) {
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
    rootFieldsKept.set(operation, (roots = rootFields(operation.selectionSet, fragments)));
  }
  return roots;
}

/** The operation's moment; undefined for none; a BadInputError when its root fields disagree or it lies ahead. */
export function momentOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): Date | undefined | BadInputError {
  const operation = getOperationAST(document, operationName);
  const query = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !query) return undefined;
  const roots = rootFieldsOf(document, operation);
  // Most operations give no moment: spare them coercing the variables a second time.
  if (!roots.some((node) => node.arguments?.some((a) => a.name.value === 'asOf'))) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  // Variables that do not fit: execution reports them.
  if (coerced.errors) return undefined;
  const moments: Array<number | null> = [];
  for (const node of roots) {
    if (node.name.value.startsWith('__')) continue;
    const field = query.getFields()[node.name.value];
    if (!field) return undefined;
    const at = field.args.some((a) => a.name === 'asOf') ? (getArgumentValues(field, node, coerced.coerced).asOf as Date | null | undefined) : undefined;
    moments.push(at instanceof Date ? at.getTime() : null);
  }
  const given = [...new Set(moments.filter((m) => m !== null))];
  if (given.length === 0) return undefined;
  if (given.length > 1 || moments.includes(null)) {
    return new BadInputError(
      'asOf answers a whole operation as the graph stood at one moment: give every root field the same asOf (fields without the argument, such as claims or changes, cannot join it), or split the operation',
      { argument: 'asOf' },
    );
  }
  // Before PostgreSQL's earliest time (4714 BC) the graph was as empty as in year 1.
  const at = new Date(Math.max(given[0]!, EARLIEST));
  if (at.getTime() > Date.now()) {
    return new BadInputError(`asOf ${at.toISOString()} lies in the future; the graph is known up to now`, { argument: 'asOf' });
  }
  return at;
}

export function useAsOf(): Plugin {
  return {
    onExecute({ args, setExecuteFn, executeFn, setResultAndStopExecution }) {
      const moment = momentOf(args.schema, args.document, args.operationName, args.variableValues);
      if (moment === undefined) return;
      if (moment instanceof BadInputError) {
        setResultAndStopExecution({ errors: [graphQLErrorOf(moment, undefined, { http: { status: 400 } })] });
        return;
      }
      setExecuteFn((executeArgs) => {
        const ctx = executeArgs.contextValue as Context;
        const { pool, prisma } = ctx;
        return atMoment(pool, moment, async (past) => {
          ctx.pool = past.pool;
          ctx.prisma = past.prisma;
          try {
            return await executeFn(executeArgs);
          } finally {
            ctx.pool = pool;
            ctx.prisma = prisma;
          }
        });
      });
    },
  };
}
