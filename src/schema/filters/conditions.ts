// What every filter family shares: the budget that refuses filters too large
// to run, the shape of a condition list (declared once, its TypeScript type
// inferred from it), and the pieces of a Prisma `where` the compilers build.
import { getDatamodel } from '../../generated/pothos-types.ts';
import type { Types } from '../builder.ts';
import { LimitExceededError } from '../../domain/errors.ts';
import { LIMITS } from '../../limits.ts';


export type Maybe<T> = T | null | undefined;
export type Where = Record<string, unknown>;

export const present = <T>(value: Maybe<T>): value is T => value !== null && value !== undefined;

/** Counts conditions and nesting while a filter compiles, to refuse filters too large to run. */
export class FilterBudget {
  conditions = 0;

  constructor(readonly argument = 'filter') {}

  count(n = 1) {
    this.conditions += n;
    if (this.conditions > LIMITS.filterConditions) {
      throw new LimitExceededError(`"${this.argument}" has more than ${LIMITS.filterConditions} conditions; split the question`, {
        argument: this.argument,
        limit: LIMITS.filterConditions,
      });
    }
  }

  nest(depth: number) {
    if (depth > LIMITS.filterDepth) {
      throw new LimitExceededError(`"${this.argument}" nests deeper than ${LIMITS.filterDepth} levels`, { argument: this.argument, limit: LIMITS.filterDepth });
    }
  }

  checkList(values: unknown[]) {
    if (values.length > LIMITS.filterList) {
      throw new LimitExceededError(`an "in" list of "${this.argument}" holds ${values.length} values; at most ${LIMITS.filterList}`, {
        argument: this.argument,
        limit: LIMITS.filterList,
      });
    }
  }
}

// Conditions: a field of a filter input, its type and description. A filter's
// fields are declared once as such a map; its GraphQL fields and its
// TypeScript type both come from it.

type InputRef<T = unknown> = { $inferInput: T };
export interface Condition {
  type: InputRef | [InputRef];
  description: string;
}
type InputOf<C> = C extends [InputRef<infer T>] ? T[] : C extends InputRef<infer T> ? T : never;
/** The TypeScript type of a map of conditions: each optional and nullable. */
export type ConditionsOf<F extends Record<string, Condition>> = { [K in keyof F]?: Maybe<InputOf<F[K]['type']>> };

type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** Pothos input fields from a map of conditions. */
export function conditionFields(t: FieldBuilder, conditions: Record<string, Condition>) {
  return Object.fromEntries(
    Object.entries(conditions).map(([name, c]) => [name, t.field({ type: c.type as never, description: c.description })]),
  ) as Record<string, ReturnType<FieldBuilder['field']>>;
}

/** `{ type, description: 'Condition on `name`.' }` for each field named. */
export function plainConditions<R extends InputRef, K extends string>(type: R, names: readonly K[]): Record<K, { type: R; description: string }> {
  return Object.fromEntries(names.map((name) => [name, { type, description: `Condition on \`${name}\`.` }])) as Record<K, { type: R; description: string }>;
}

/** A filter that combines others with and/or/not. */
export interface Logical<F> {
  and?: Maybe<F[]>;
  or?: Maybe<F[]>;
  not?: Maybe<F>;
}

/** The and/or/not fields of a filter over `self`. */
export function logicalFields(t: FieldBuilder, self: InputRef) {
  return {
    and: t.field({ type: [self] as never, description: 'All of these hold.' }),
    or: t.field({ type: [self] as never, description: 'At least one of these holds.' }),
    not: t.field({ type: self as never, description: 'This does not hold.' }),
  };
}

export function logical<F>(
  input: Logical<F>,
  depth: number,
  budget: FilterBudget,
  compile: (f: F, depth: number, budget: FilterBudget) => Where,
): Where[] {
  const out: Where[] = [];
  if (present(input.and)) {
    budget.count();
    out.push({ AND: input.and.map((f) => compile(f, depth + 1, budget)) });
  }
  if (present(input.or)) {
    budget.count();
    out.push({ OR: input.or.map((f) => compile(f, depth + 1, budget)) });
  }
  if (present(input.not)) {
    budget.count();
    out.push({ NOT: compile(input.not, depth + 1, budget) });
  }
  return out;
}

/** The isNull operator's description, shared by every scalar family. */
export const IS_NULL_DESCRIPTION = 'true: the field is empty (null); false: it is set. For optional fields.';

/** A Prisma scalar filter from the operators given; undefined when none is. */
export function scalarWhere(input: Maybe<object>, budget: FilterBudget, extra: Where = {}): Where | undefined {
  if (!input) return undefined;
  const out: Where = {};
  const and: Where[] = [];
  for (const [op, value] of Object.entries(input)) {
    if (!present(value) || op === 'mode') continue;
    budget.count();
    if (Array.isArray(value)) budget.checkList(value);
    if (op === 'isNull') and.push(value ? { equals: null } : { not: null });
    else out[op] = value;
  }
  if (!Object.keys(out).length && !and.length) return undefined;
  const main = Object.keys(out).length ? { ...out, ...extra } : undefined;
  if (!and.length) return main;
  // isNull next to other operators: a field filter holds one `not`, so the null test is a separate condition.
  return { __and: [...(main ? [main] : []), ...and] } as Where;
}

const MODELS = getDatamodel().datamodel.models;
export type ModelName = keyof typeof MODELS;

/** Whether a field of a model may be null (a null test on one that may not is decided here: Prisma refuses it). */
function nullable(model: ModelName, field: string): boolean {
  return MODELS[model]!.fields.some((f) => f.name === field && !f.isRequired);
}

/** Rows where nothing holds: Prisma reads an empty OR as false. */
const NOTHING: Where = { OR: [] };

/** Puts `field: filter` into `into`, splitting a null test off into `ands`. */
export function put(model: ModelName, into: Where, ands: Where[], field: string, filter: Where | undefined) {
  if (!filter) return;
  const split = (filter as { __and?: Where[] }).__and;
  if (!split) {
    into[field] = filter;
    return;
  }
  for (const part of split) {
    const nullTest = 'equals' in part && part.equals === null ? 'null' : 'not' in part && part.not === null ? 'set' : null;
    if (nullTest && !nullable(model, field)) {
      // A required field is never null: "is null" matches nothing, "is set" everything.
      if (nullTest === 'null') ands.push(NOTHING);
    } else ands.push({ [field]: part });
  }
}
