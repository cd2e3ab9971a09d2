// What GraphiQL opens with: a walk from Beijing Customs to the zones it
// supervises, their figures and the quote behind each.
export const DEFAULT_QUERY = `# tradegraph: every fact of the graph with the sentence of its source.
# Start at Beijing Customs, walk to what it supervises, read each figure and its quote.
query BeijingCustomsWalk {
  entity(slug: "beijing-customs") {
    name
    ... on CustomsOffice {
      supervises(first: 10) {
        totalCount
        edges {
          predicate
          basis
          node {
            __typename
            name
            observations(first: 5) {
              edges {
                node {
                  metric { name }
                  value
                  unit
                  period { label }
                  change { basis value unit }
                  evidence {
                    quote
                    startOffset
                    endOffset
                    source { title publishedAt }
                  }
                }
              }
            }
          }
        }
      }
      policies(first: 20) {
        edges { role node { name category } }
      }
    }
  }
}
`;
