// The work validation does on a document, counted deterministically: every
// property the rules read from the syntax tree (through a proxy of it), the
// measure of work that grows with what a rule walks, whatever the machine's
// speed. A budget stops a runaway walk at once (by throwing), so a test of an
// exponential document fails in milliseconds instead of freezing the suite.
import { type DocumentNode, type GraphQLSchema, Kind, type ValidationRule, validate } from 'graphql';
import { limitRules, measureCost, type QueryLimits } from '../../src/http/query-limits.ts';

export class WorkBudgetExceeded extends Error {}

interface Counter {
  reads: number;
  budget: number;
}

/** A view of the document that counts the reads made through it; identity is kept (one proxy per node). */
function counted(document: DocumentNode, counter: Counter): DocumentNode {
  const proxies = new WeakMap<object, object>();
  const wrap = <T>(value: T): T => {
    if (typeof value !== 'object' || value === null) return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (++counter.reads > counter.budget) throw new WorkBudgetExceeded(`validation read the document more than ${counter.budget} times`);
          const read = Reflect.get(target, key, receiver);
          // Source locations are only read to report an error; they are not the walk.
          return key === 'loc' ? read : wrap(read);
        },
        has(target, key) {
          if (++counter.reads > counter.budget) throw new WorkBudgetExceeded(`validation read the document more than ${counter.budget} times`);
          return Reflect.has(target, key);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy as T;
  };
  return wrap(document);
}

/** Syntax nodes of a document (fields, arguments, names, directives, ...): its size. */
export function documentSize(document: DocumentNode): number {
  let nodes = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null || !('kind' in value)) return;
    nodes += 1;
    for (const [key, child] of Object.entries(value)) if (key !== 'loc') walk(child);
  };
  walk(document);
  return nodes;
}

export interface ValidationWork {
  /** Reads of the syntax tree by the limit rules and the cost measure. */
  reads: number;
  size: number;
  errors: string[];
  /** The operation's cost (cost.ts), when it could be measured. */
  cost?: number;
}

/**
 * The work of the server's limit rules and cost measure on a document (and
 * optionally of other rules, e.g. GraphQL's own), stopped by WorkBudgetExceeded
 * past `budget` reads.
 */
export function validationWork(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
  { budget = Number.POSITIVE_INFINITY, rules = [] as ValidationRule[] } = {},
): ValidationWork {
  const counter: Counter = { reads: 0, budget };
  const view = counted(document, counter);
  const errors = validate(schema, view, [...rules, ...limitRules(limits)], { maxErrors: Number.POSITIVE_INFINITY }).map((e) => e.message);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  let cost: number | undefined;
  if (operation) {
    try {
      const measured = measureCost(schema, view, {}, operation.name?.value);
      errors.push(...measured.errors.map((e) => e.message));
      cost = measured.cost?.cost;
    } catch (err) {
      if (err instanceof WorkBudgetExceeded) throw err;
      errors.push((err as Error).message);
    }
  }
  return { reads: counter.reads, size: documentSize(document), errors, cost };
}
