// What each predicate of the closed list means, which kinds of entity it may
// connect, and how it reads backwards. Ingest validates relations against this;
// the GraphQL schema uses the descriptions.
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';

export interface PredicateRule {
  description: string;
  /** How the edge reads from the object's side, e.g. "supervised by". */
  inverse: string;
  subjectKinds?: readonly EntityKind[];
  objectKinds?: readonly EntityKind[];
}

const PLACES = ['REGION', 'BONDED_ZONE', 'AIRPORT'] as const satisfies readonly EntityKind[];
const BODIES = ['CUSTOMS_OFFICE', 'ORGANIZATION', 'REGION'] as const satisfies readonly EntityKind[];

export const PREDICATES: Record<Predicate, PredicateRule> = {
  SUPERVISES: {
    description: 'A customs office exercises customs supervision over a zone, airport, port or organisation.',
    inverse: 'supervised by',
    subjectKinds: ['CUSTOMS_OFFICE'],
    objectKinds: ['BONDED_ZONE', 'AIRPORT', 'ORGANIZATION', 'REGION', 'CUSTOMS_OFFICE'],
  },
  LOCATED_IN: {
    description: 'The subject lies within a place.',
    inverse: 'location of',
    objectKinds: PLACES,
  },
  HOSTS: {
    description: 'A place or facility hosts another (e.g. an airport hosts a bonded area).',
    inverse: 'hosted by',
    subjectKinds: [...PLACES, 'ORGANIZATION'],
  },
  APPLIES_TO: {
    description: 'A policy, measure or mechanism applies to an industry, product, zone, region or organisation.',
    inverse: 'subject to',
    subjectKinds: ['POLICY'],
  },
  IMPLEMENTED_BY: {
    description: 'A policy, measure or mechanism is implemented (or led, see role) by an office or body.',
    inverse: 'implements',
    subjectKinds: ['POLICY'],
    objectKinds: BODIES,
  },
  LINKS: {
    description: 'A channel, corridor or mechanism connects places or bodies.',
    inverse: 'linked by',
  },
  HOLDS_ROLE_AT: {
    description: 'A person holds a role (see role) at an office or organisation.',
    inverse: 'has role holder',
    subjectKinds: ['PERSON'],
    objectKinds: ['CUSTOMS_OFFICE', 'ORGANIZATION', 'REGION'],
  },
  PART_OF: {
    description: 'The subject is a part or member of the object (region of a region, committee of an office).',
    inverse: 'has part',
  },
  FOCUSES_ON: {
    description: 'An office, zone, body or policy concentrates on an industry or product.',
    inverse: 'focus of',
    objectKinds: ['INDUSTRY', 'PRODUCT'],
  },
  CREDITS: {
    description: 'A person or body attributes a result to something (e.g. growth to a model).',
    inverse: 'credited by',
    subjectKinds: ['PERSON', 'ORGANIZATION', 'CUSTOMS_OFFICE'],
  },
};

/** Why a relation of this predicate between these kinds is not allowed, or null if it is. */
export function predicateViolation(
  predicate: Predicate,
  subjectKind: EntityKind,
  objectKind: EntityKind,
): string | null {
  const rule = PREDICATES[predicate];
  if (rule.subjectKinds && !rule.subjectKinds.includes(subjectKind)) {
    return `${predicate} needs a subject of kind ${rule.subjectKinds.join(' or ')}, not ${subjectKind}`;
  }
  if (rule.objectKinds && !rule.objectKinds.includes(objectKind)) {
    return `${predicate} needs an object of kind ${rule.objectKinds.join(' or ')}, not ${objectKind}`;
  }
  return null;
}

/** Which way relations are walked from an entity: forwards (it is the subject), backwards (it is the object), or both. */
export type WalkDirection = 'OUTGOING' | 'INCOMING' | 'BOTH';

/** The side of a relation a walk leaves from, and the end it arrives at. */
export const FAR_END = { outgoing: 'object', incoming: 'subject' } as const;
export type Side = keyof typeof FAR_END;

/** The sides a walk in `direction` leaves from (both when no direction is given). */
export function sidesOf(direction: WalkDirection | null | undefined): Side[] {
  return direction === 'OUTGOING' ? ['outgoing'] : direction === 'INCOMING' ? ['incoming'] : ['outgoing', 'incoming'];
}
