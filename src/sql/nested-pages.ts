// The page statements of the nested connections, built on child-pages.ts: a
// source's evidence, the observations of an entity, metric or source, and the
// relations walked from an entity.
import { FAR_END, sidesOf, type WalkDirection } from '../domain/predicates.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import { childPagesSql } from './child-pages.ts';
import { column } from './columns.ts';
import type { KeysetCut } from './keyset.ts';
import { whereSql } from './where-sql.ts';

const { sql } = Prisma;

export interface PagesOf {
  parentIds: readonly number[];
  cut: KeysetCut;
  /** Count each parent's children. */
  counted: boolean;
}

/** Pages of the evidence of sources. */
export function evidencePagesSql(pages: PagesOf): Prisma.Sql {
  return childPagesSql({ ...pages, branches: [{ model: 'Evidence', alias: 'c', parentField: 'sourceId' }] });
}

/** Pages of the observations of subjects, metrics or sources (`parentField`) matching `where`. */
export function observationPagesSql(pages: PagesOf, parentField: 'subjectId' | 'metricId' | 'sourceId', where: Prisma.ObservationWhereInput): Prisma.Sql {
  // The same filter as the root connection, translated from its Prisma form.
  const filter = Object.keys(where).length ? [whereSql('Observation', 'o', where)] : [];
  return childPagesSql({ ...pages, branches: [{ model: 'Observation', alias: 'o', parentField, where: filter }] });
}

/** What a walk from an entity along relations selects. */
export interface Walk {
  predicates?: readonly Predicate[] | null;
  /** Kinds of entity allowed at the far end. */
  kinds?: readonly EntityKind[] | null;
  direction: WalkDirection;
}

const NEAR_END = { outgoing: 'subjectId', incoming: 'objectId' } as const;

/** Pages of the relations walked from entities, each row tagged with the side (`outgoing`, `incoming`) it was walked from. */
export function relationPagesSql(pages: PagesOf, walk: Walk): Prisma.Sql {
  const branches = sidesOf(walk.direction).map((side) => {
    const far = column('r', 'Relation', `${FAR_END[side]}Id`);
    const where = [
      ...(walk.predicates?.length ? [sql`r.predicate = ANY(${[...walk.predicates]}::predicate[])`] : []),
      ...(walk.kinds?.length ? [sql`EXISTS (SELECT 1 FROM entity f WHERE f.id = ${far} AND f.kind = ANY(${[...walk.kinds]}::entity_kind[]))`] : []),
    ];
    return { model: 'Relation' as const, alias: 'r', parentField: NEAR_END[side], where, tag: side };
  });
  return childPagesSql({ ...pages, branches });
}
