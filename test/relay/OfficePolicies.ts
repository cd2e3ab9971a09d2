// What a Relay app's component would declare: a customs office's policies, a
// page at a time (@connection, paginated through its @refetchable query).
// Compiled by relay-compiler in test/api/relay-store.test.ts; never run as is.
import { graphql } from 'relay-runtime';

export const OfficePoliciesQuery = graphql`
  query OfficePoliciesQuery($slug: String!) {
    customsOffice(slug: $slug) {
      ...OfficePolicies_office
    }
  }
`;

export const OfficePoliciesFragment = graphql`
  fragment OfficePolicies_office on CustomsOffice
  @refetchable(queryName: "OfficePoliciesPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 3 }, after: { type: "String" }) {
    name
    policies(first: $first, after: $after) @connection(key: "OfficePolicies_policies") {
      totalCount
      edges {
        role
        node {
          name
          slug
        }
      }
    }
  }
`;
