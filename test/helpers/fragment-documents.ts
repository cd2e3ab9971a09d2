// Documents whose fragments multiply when expanded: the shapes that made a
// validation rule exponential (issue 11), for the tests that bound its work.
import type { DocumentNode } from 'graphql';
import { documentSize } from './validation-work.ts';

/**
 * Reads of the syntax tree allowed per node of the document. The limit rules
 * and the cost measure read about 45 per node on real queries (README
 * examples, GraphiQL's, the introspection query); exponential work passes
 * this at a dozen doubling levels.
 */
export const MAX_READS_PER_NODE = 100;

/** The work budget of a document: linear in its size, with room for the fixed cost of a validation pass. */
export const workBound = (document: DocumentNode) => MAX_READS_PER_NODE * documentSize(document) + 1_000;

/** `{ ...F0 }` where each fragment spreads the next twice: 2^levels copies of `leaf` once expanded. */
export function doubling(levels: number, leaf = '__typename'): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  return `{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { ${leaf} }`;
}

/** A chain of diamonds: each level spreads two fragments that both spread the next level. */
export function diamonds(levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) => `fragment D${i} on Query { ...L${i} ...R${i} } fragment L${i} on Query { ...D${i + 1} } fragment R${i} on Query { a${i}: __typename ...D${i + 1} }`,
  );
  return `{ ...D0 } ${fragments.join(' ')} fragment D${levels} on Query { __typename }`;
}

/** Doubling fragments on an introspection type, inside `__schema { types { ... } }`. */
export function introspectionDoubling(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment T${i} on __Type { ...T${i + 1} ...T${i + 1} }`);
  return `{ __schema { types { ...T0 } } } ${fragments.join(' ')} fragment T${levels} on __Type { name fields { name } }`;
}

/** A chain: each fragment spreads the next once (deep, not wide). */
export function chain(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment C${i} on Query { ...C${i + 1} }`);
  return `{ ...C0 } ${fragments.join(' ')} fragment C${levels} on Query { __typename }`;
}

/** One fragment spread `copies` times, each spread carrying `directives`. */
export function repeatedSpreads(copies: number, directives = ''): string {
  return `{ ${`...F ${directives} `.repeat(copies)}} fragment F on Query { __typename }`;
}
