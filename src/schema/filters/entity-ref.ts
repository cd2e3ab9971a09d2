// EntityFilter is recursive through relations and observations: their filters
// need its GraphQL type and its compiler while entity.ts, which needs theirs,
// has not run yet. This module holds both ahead of time; entity.ts fills in
// the compiler. (A static import of entity.ts from those files would also
// change the order the input types are registered, and so the printed schema.)
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { FilterBudget } from './conditions.ts';
import type { EntityFilterInput } from './entity.ts';

export const EntityFilter = builder.inputRef<EntityFilterInput>('EntityFilter');

type EntityCompiler = (input: EntityFilterInput, depth: number, budget: FilterBudget) => Prisma.EntityWhereInput;
let compiler: EntityCompiler | undefined;

/** Compiles an entity filter nested in another filter. */
export const nestedEntityWhere: EntityCompiler = (input, depth, budget) => compiler!(input, depth, budget);

export function compileEntitiesWith(c: EntityCompiler) {
  compiler = c;
}
