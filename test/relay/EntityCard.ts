// An entity's card, refetched with another depth (@refetchable, through node(id:)).
import { graphql } from 'relay-runtime';

export const EntityCardQuery = graphql`
  query EntityCardQuery($slug: String!) {
    entity(slug: $slug) {
      ...EntityCard_entity
    }
  }
`;

export const EntityCardFragment = graphql`
  fragment EntityCard_entity on Entity
  @refetchable(queryName: "EntityCardRefetchQuery")
  @argumentDefinitions(depth: { type: "Int", defaultValue: 1 }) {
    name
    kind
    neighbors(depth: $depth, first: 5) {
      totalCount
      edges {
        distance
        node {
          name
        }
      }
    }
  }
`;
