// Every GraphQL document the explorer sends to /graphql, and the shapes of
// their results. The page uses only the public API, as any client would.
import { ATTRIBUTE_SELECTIONS, type AttributeName } from './attributes.ts';
import type { ChangeBasisName, PredicateName, UnitName } from './format.ts';
import type { FactBasis } from '../../generated/prisma/enums.ts';
import type { KindName } from './kinds.ts';

export interface EntityRef {
  id: string;
  slug: string;
  name: string;
  kind: KindName;
}

export interface EvidenceRef {
  quote: string;
  startOffset: number;
  endOffset: number;
  source: { slug: string; title: string };
}

const ENTITY_REF = 'id slug name kind';
const EVIDENCE = 'evidence { quote startOffset endOffset source { slug title } }';

export const SEARCH = /* GraphQL */ `
  query ExplorerSearch($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges { score matched node { ${ENTITY_REF} } }
    }
  }
`;

export interface SearchResult {
  search: { edges: Array<{ score: number; matched: string | null; node: EntityRef }> };
}

/**
 * The graph around an entity: relations are fetched in detail only when one is
 * selected. Nodes and edges are keyed by their entity's and relation's own IDs
 * (`source` and `target` are entity IDs), the ones `node(id:)` refetches.
 */
export const SUBGRAPH = /* GraphQL */ `
  query ExplorerSubgraph($around: String!, $depth: Int, $maxNodes: Int) {
    subgraph(around: $around, depth: $depth, maxNodes: $maxNodes) {
      center { ${ENTITY_REF} }
      truncated
      nodes { distance entity { ${ENTITY_REF} } }
      edges { source target predicate relation { id } }
    }
  }
`;

export interface SubgraphResult {
  subgraph: {
    center: EntityRef;
    truncated: boolean;
    nodes: Array<{ distance: number; entity: EntityRef }>;
    edges: Array<{ source: string; target: string; predicate: PredicateName; relation: { id: string } }>;
  };
}

/** Where to start when the address names no entity: the first customs office, else the first entity. */
export const DEFAULT_START = /* GraphQL */ `
  query ExplorerDefaultStart {
    customsOffices(first: 1) { nodes { slug } }
    entities(first: 1) { nodes { slug } }
  }
`;

export interface DefaultStartResult {
  customsOffices: { nodes: Array<{ slug: string }> };
  entities: { nodes: Array<{ slug: string }> };
}

// The most relations and figures the panel lists; the API's page limit is 100.
export const PANEL_PAGE = 100;

/** A series as the panel draws it: every point in period order, gaps included. */
const SERIES = `metric { slug name } unit granularity points { gap value period { label } }`;

export interface SeriesRow {
  metric: { slug: string; name: string };
  unit: UnitName;
  granularity: string;
  points: Array<{ gap: boolean; value: string | null; period: { label: string } }>;
}

export const ENTITY_DETAIL = /* GraphQL */ `
  query ExplorerEntity($slug: String!, $first: Int) {
    entity(slug: $slug) {
      ${ENTITY_REF} aliases description
      ${ATTRIBUTE_SELECTIONS}
      observations(first: $first) {
        totalCount
        edges {
          node {
            id value unit note
            metric { name }
            period { label }
            change { basis value unit benchmark }
            scope { name }
            rank disputed
            ${EVIDENCE}
          }
        }
      }
      quarterly: series(granularity: QUARTER) { ${SERIES} }
      toDate: series(granularity: YEAR_TO_DATE) { ${SERIES} }
      relations(first: $first) {
        totalCount
        edges {
          direction predicate role basis note
          relation { id }
          node { ${ENTITY_REF} }
          ${EVIDENCE}
        }
      }
    }
  }
`;

export interface ObservationRow {
  id: string;
  value: string;
  unit: UnitName;
  note: string | null;
  metric: { name: string };
  period: { label: string };
  change: { basis: ChangeBasisName; value: string; unit: UnitName; benchmark: string | null } | null;
  scope: { name: string } | null;
  rank: 'PREFERRED' | 'NORMAL' | 'DEPRECATED';
  disputed: boolean;
  evidence: EvidenceRef;
}

export interface NeighbourRow {
  direction: 'OUTGOING' | 'INCOMING';
  predicate: PredicateName;
  role: string | null;
  basis: FactBasis;
  note: string | null;
  relation: { id: string };
  node: EntityRef;
  evidence: EvidenceRef;
}

export type EntityDetail = EntityRef & {
  aliases: string[];
  description: string | null;
  observations: { totalCount: number; edges: Array<{ node: ObservationRow }> };
  quarterly: SeriesRow[];
  toDate: SeriesRow[];
  relations: { totalCount: number; edges: NeighbourRow[] };
} & Partial<Record<AttributeName, string | null>>;

export interface EntityDetailResult {
  entity: EntityDetail | null;
}

export const RELATION_DETAIL = /* GraphQL */ `
  query ExplorerRelation($id: ID!) {
    node(id: $id) {
      ... on Relation {
        id predicate role validFrom validTo basis note
        subject { ${ENTITY_REF} }
        object { ${ENTITY_REF} }
        ${EVIDENCE}
      }
    }
  }
`;

export interface RelationDetail {
  id: string;
  predicate: PredicateName;
  role: string | null;
  validFrom: string | null;
  validTo: string | null;
  basis: FactBasis;
  note: string | null;
  subject: EntityRef;
  object: EntityRef;
  evidence: EvidenceRef;
}

export interface RelationDetailResult {
  node: RelationDetail | null;
}

export const SOURCE_TEXT = /* GraphQL */ `
  query ExplorerSource($slug: String!) {
    source(slug: $slug) { slug title publisher publishedAt url text }
  }
`;

export interface SourceTextResult {
  source: { slug: string; title: string; publisher: string | null; publishedAt: string; url: string | null; text: string } | null;
}
