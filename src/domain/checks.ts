// Range checks of count and depth arguments, shared by the walks of the SQL
// layer and the GraphQL fields that take such arguments (analytics, traversal).
import { BadInputError, LimitExceededError } from './errors.ts';

/** A depth argument within [1, max]: below is bad input, above is a limit. */
export function checkDepth(depth: number, max: number, argument: string): number {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new BadInputError(`"${argument}" is ${depth}; a walk goes at least 1 step`, { argument });
  }
  if (depth > max) {
    throw new LimitExceededError(`"${argument}" is ${depth}; walks go at most ${max} steps`, { argument, limit: max });
  }
  return depth;
}

/** A count argument within [1, max]. */
export function checkCount(value: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < 1) throw new BadInputError(`"${argument}" must be at least 1`, { argument });
  if (value > max) throw new LimitExceededError(`"${argument}" is ${value}; at most ${max} are allowed`, { argument, limit: max });
  return value;
}
