// Every GraphQL document the explorer sends to /graphql, and the shapes of
// their results. The page uses only the public API, as any client would. The
// result types are generated from these documents and schema.graphql
// (operations.generated.ts, written by npm run schema), never written by hand.
import { ATTRIBUTE_SELECTIONS } from './attributes.ts';
import type * as Results from './operations.generated.ts';

export type SearchResult = Results.ExplorerSearchResult;
export type SubgraphResult = Results.ExplorerSubgraphResult;
export type DefaultStartResult = Results.ExplorerDefaultStartResult;
export type EntityDetailResult = Results.ExplorerEntityResult;
export type EntityDetail = NonNullable<EntityDetailResult['entity']>;
export type ObservationRow = EntityDetail['observations']['edges'][number]['node'];
export type NeighbourRow = EntityDetail['relations']['edges'][number];
/** A series as the panel draws it: every point in period order, gaps included. */
export type SeriesRow = EntityDetail['quarterly'][number];
// The ID asked for is a relation's, so the node is a Relation and every field of its fragment is there.
export type RelationDetail = Required<NonNullable<Results.ExplorerRelationResult['node']>>;
export type RelationDetailResult = { node: RelationDetail | null };
export type SourceTextResult = Results.ExplorerSourceResult;
/** An entity as every document selects it (ENTITY_REF). */
export type EntityRef = SearchResult['search']['edges'][number]['node'];
/** A quote with its place in its source (EVIDENCE). */
export type EvidenceRef = ObservationRow['evidence'];

const ENTITY_REF = 'id slug name kind';
const EVIDENCE = 'evidence { quote startOffset endOffset source { slug title } }';

export const SEARCH = /* GraphQL */ `
  query ExplorerSearch($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges { score matched node { ${ENTITY_REF} } }
    }
  }
`;

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

/** Where to start when the address names no entity: the first customs office, else the first entity. */
export const DEFAULT_START = /* GraphQL */ `
  query ExplorerDefaultStart {
    customsOffices(first: 1) { nodes { slug } }
    entities(first: 1) { nodes { slug } }
  }
`;

// The most relations and figures the panel lists; the API's page limit is 100.
export const PANEL_PAGE = 100;

/** A series as the panel draws it: every point in period order, gaps included. */
const SERIES = `metric { slug name } unit granularity points { gap value period { label } }`;

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

export const SOURCE_TEXT = /* GraphQL */ `
  query ExplorerSource($slug: String!) {
    source(slug: $slug) { slug title publisher publishedAt url text }
  }
`;

