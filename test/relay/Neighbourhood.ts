// The graph around an entity, twice: as subgraph (for drawing) and as
// neighbors (a page). Two answers around different entities overlap, and a
// distance belongs to its answer, never to the entity.
import { graphql } from 'relay-runtime';

export const NeighbourhoodSubgraphQuery = graphql`
  query NeighbourhoodSubgraphQuery($around: String!, $depth: Int) {
    subgraph(around: $around, depth: $depth) {
      center {
        name
      }
      nodes {
        distance
        entity {
          name
          slug
        }
      }
      edges {
        source
        target
        predicate
        relation {
          predicate
        }
      }
    }
  }
`;

export const NeighbourhoodNeighborsQuery = graphql`
  query NeighbourhoodNeighborsQuery($slug: String!) {
    entity(slug: $slug) {
      name
      neighbors(first: 30) {
        edges {
          distance
          node {
            slug
            name
          }
        }
      }
    }
  }
`;
