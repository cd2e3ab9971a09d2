// Typed filters for every root connection: operators on scalar fields,
// and/or/not, and conditions across relations (some/every/none of an entity's
// relations, by predicate, direction and a filter on the entity at the other
// end; some/every/none of its observations). Each filter compiles, by the pure
// functions of its family's file, to one Prisma `where`, so a filtered page is
// one SQL statement and no row is filtered in Node.js.
//
// The order of these imports is the order the input types are registered, and
// so their order in the printed schema.
export * from './string.ts';
export * from './range.ts';
export * from './enum.ts';
export * from './source.ts';
export * from './metric.ts';
export * from './observation.ts';
export * from './relation.ts';
export * from './entity-observations.ts';
export * from './kind-attributes.ts';
export * from './entity.ts';
export { FilterBudget, type Maybe } from './conditions.ts';
