// Conditions on strings and lists of strings.
//
// Prisma sends `contains`, `startsWith` and `endsWith` to PostgreSQL as LIKE
// patterns without escaping them, so "%" would match everything, and a
// case-insensitive `equals` as `ILIKE $1`, where "%" and "_" are wildcards
// too: the text is taken literally by escaping LIKE's metacharacters
// (likeLiteral). The SQL translation of a where (src/sql/where-sql.ts) reads
// an insensitive equals as the same ILIKE, so every path compares exactly.
import { likeLiteral } from '../../sql/where-sql.ts';
import { builder } from '../builder.ts';
import { type FilterBudget, IS_NULL_DESCRIPTION, type Maybe, present, scalarWhere, type Where } from './conditions.ts';
import { LIMITS } from '../../limits.ts';

const StringMatchModeEnum = builder.enumType('StringMatchMode', {
  description: 'How strings are compared.',
  values: {
    CASE_SENSITIVE: { description: 'Exactly (the default).' },
    CASE_INSENSITIVE: { description: 'Ignoring case.' },
  } as const,
});

export const StringFilter = builder.inputType('StringFilter', {
  description: 'Conditions on a string; all given must hold. `contains`, `startsWith` and `endsWith` take the text literally (no wildcards).',
  fields: (t) => ({
    equals: t.string({ description: 'Exactly this.' }),
    in: t.stringList({ description: `One of these (at most ${LIMITS.filterList}).` }),
    notIn: t.stringList({ description: 'None of these.' }),
    contains: t.string({ description: 'Contains this text.' }),
    startsWith: t.string({ description: 'Starts with this text.' }),
    endsWith: t.string({ description: 'Ends with this text.' }),
    mode: t.field({ type: StringMatchModeEnum, description: 'CASE_INSENSITIVE to ignore case in every condition above.' }),
    isNull: t.boolean({ description: IS_NULL_DESCRIPTION }),
  }),
});
export type StringFilterInput = typeof StringFilter.$inferInput;

export const StringListFilter = builder.inputType('StringListFilter', {
  description: 'Conditions on a list of strings (exact, case-sensitive elements).',
  fields: (t) => ({
    has: t.string({ description: 'The list holds this string.' }),
    hasSome: t.stringList({ description: 'The list holds at least one of these.' }),
    hasEvery: t.stringList({ description: 'The list holds all of these.' }),
    isEmpty: t.boolean({ description: 'true: the list is empty; false: it holds something.' }),
  }),
});

export function stringWhere(input: Maybe<StringFilterInput>, budget: FilterBudget): Where | undefined {
  if (!input) return undefined;
  const insensitive = input.mode === 'CASE_INSENSITIVE';
  const literal: Record<string, unknown> = { ...input };
  for (const op of ['contains', 'startsWith', 'endsWith', ...(insensitive ? (['equals'] as const) : [])] as const) {
    const text = input[op];
    if (present(text)) literal[op] = likeLiteral(text);
  }
  return scalarWhere(literal, budget, insensitive ? { mode: 'insensitive' } : {});
}
