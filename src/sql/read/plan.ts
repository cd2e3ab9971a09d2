// A read plan: what one root field of a request asks for, as plain data the
// SQL layer compiles into one statement returning the field's answer as JSON
// (compile.ts). The schema layer builds it from a GraphQL selection
// (src/schema/compiled/); nothing here knows GraphQL. Every object is keyed
// by the response keys (aliases) the client asked for, so the JSON is the
// answer itself and no resolver below the root does any work.

import type { KeysetCut } from '../keyset.ts';

/** The tables a plan reads rows of. */
export type Model = 'entity' | 'relation' | 'observation' | 'evidence' | 'source' | 'metric';

/** How a column's value is written into the JSON: as it is, or in the API's text form. */
export type ValueFormat = 'json' | 'date' | 'timestamp' | 'decimal' | 'float';

/** An object of the answer, built from one row of `model` (`typename` by entity kind where it varies). */
export interface ObjectPlan {
  model: Model;
  /** The GraphQL type of the object: one name, or one per entity kind (for entities of an interface). */
  typename: string | Readonly<Record<string, string>>;
  fields: ReadonlyArray<readonly [key: string, field: FieldPlan]>;
}

/** A column of another table whose key is the row's (an entity's 1:1 attribute table). */
export interface AttributeRef {
  table: string;
  column: string;
}

export type FieldPlan =
  /** A column of the row. */
  | { kind: 'column'; column: string; format?: ValueFormat }
  /** A column of the entity's attribute table (null when it has no row there). */
  | { kind: 'attribute'; ref: AttributeRef; format?: ValueFormat }
  /** The row's global ID (the typename's, base64url of `Type:id`). */
  | { kind: 'globalId' }
  /** How many rows of `table` have `column` = the row's id. */
  | { kind: 'count'; table: string; column: string }
  /** The row another table's key points at, through a column of the row or of its attribute table. */
  | { kind: 'link'; via: { column: string } | AttributeRef; object: ObjectPlan }
  /** Rows that point at this one, in a fixed order, as a plain list (no paging). */
  | { kind: 'list'; list: ListPlan; object: ObjectPlan }
  /** An object built from the same row (a period, a reported change), or null when `nullUnless` is null. */
  | { kind: 'shape'; object: ObjectPlan; nullUnless?: string }
  /** A connection below the row. */
  | { kind: 'connection'; connection: ConnectionPlan }
  /** Different fields under one response key, by the row's entity kind (fragments on different types). */
  | { kind: 'byKind'; cases: ReadonlyArray<{ kinds: readonly string[]; field: FieldPlan }> }
  // Fields of a connection's edge: its cursor, its node, and the direction a walk took.
  | { kind: 'cursor' }
  | { kind: 'node'; object: ObjectPlan }
  | { kind: 'direction' };

/**
 * A list of the entities pointing at a row: `through` holds `column` = the row's id,
 * `itemColumn` the listed row's id; ordered by `itemColumn`.
 */
export interface ListPlan {
  through: string;
  column: string;
  itemColumn: string;
}

/** One page of a keyset-ordered list (src/sql/keyset.ts): its cut, cursors already decoded and checked, and its size. */
export interface PagePlan extends KeysetCut {
  size: number;
}

/** Where a connection's rows come from. */
export type RowSource =
  /** Relations of the parent entity (its far ends are the nodes), of some predicates, far-end kinds and sides. */
  | { kind: 'walk'; predicates: readonly string[] | null; kinds: readonly string[] | null; sides: ReadonlyArray<'outgoing' | 'incoming'> }
  /** Rows of `model` whose `parentColumn` is the parent's id, matching a Prisma-style `where`. */
  | { kind: 'children'; model: Model; parentColumn: string; where: object | null }
  /** Every row of `model` matching a Prisma-style `where` (a root connection). */
  | { kind: 'all'; model: Model; where: object | null };

export type ConnectionField =
  | { kind: 'totalCount' }
  | { kind: 'edges'; fields: ReadonlyArray<readonly [key: string, field: FieldPlan]> }
  | { kind: 'nodes'; object: ObjectPlan }
  | { kind: 'pageInfo'; fields: ReadonlyArray<readonly [key: string, what: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor']> };

export interface ConnectionPlan {
  typename: string;
  edgeTypename: string;
  source: RowSource;
  page: PagePlan;
  fields: ReadonlyArray<readonly [key: string, field: ConnectionField]>;
}

/** One row by a unique column (and its kind, for an entity of one type). */
export interface OnePlan {
  kind: 'one';
  model: Model;
  where: Readonly<Record<string, string>>;
  object: ObjectPlan;
}

/** A root field's plan: one row, a list of single rows in order (null where none is found), or a connection. */
export type RootPlan = OnePlan | { kind: 'many'; items: readonly OnePlan[] } | { kind: 'connection'; connection: ConnectionPlan };
