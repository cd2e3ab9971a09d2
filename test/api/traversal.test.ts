// Traversal through the API on the seeded graph: neighbourhoods with the path
// to each neighbour, shortest paths with their evidence, ego networks for
// graph drawing; bad depths and slugs refused; a fixed number of statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const NEIGHBORS = `query($slug: String!, $depth: Int, $first: Int, $after: String, $predicates: [Predicate!], $direction: Direction, $kinds: [EntityKind!]) {
  entity(slug: $slug) {
    neighbors(depth: $depth, first: $first, after: $after, predicates: $predicates, direction: $direction, kinds: $kinds) {
      totalCount truncated
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor distance
        node { slug }
        path { direction from { slug } to { slug } relation { predicate role evidence { quote } } }
      }
    }
  }
}`;

async function neighbors(slug: string, variables: Record<string, unknown> = {}) {
  const response = await api.query(NEIGHBORS, { slug, first: 100, ...variables });
  return { ...dataOf(response).entity.neighbors, statements: response.extensions?.sqlStatements };
}

const DEPTH_1 = [
  'wang-hui',
  'beijing-customs-party-committee',
  'tianzhu-comprehensive-bonded-zone',
  'daxing-airport-comprehensive-bonded-area',
  'zhongguancun-comprehensive-bonded-zone',
  'beijing-capital-international-airport',
  'beijing-daxing-international-airport',
  'dual-hub-air-transport-channel',
  'policies-to-enterprise-doorsteps',
  'customs-policies-public-access',
  'consolidated-tax-collection',
  'diversified-tax-guarantees',
  'bth-supply-chain-clearance-mechanism',
  'medical-import-white-list',
  'smart-approval-reform',
  'core-supervision-model',
  'exhibition-clearance-model',
  'high-end-smart-green-industries',
];
const DEPTH_2 = [
  'beijing',
  'bonded-plus-model',
  'beijing-tianjin-hebei',
  'medical-and-health-industry',
  'integrated-circuit-industry',
  'exhibition-industry',
];

describe('Entity.neighbors', () => {
  it('gives the 18 neighbours of Beijing Customs at depth 1 and 6 more at depth 2, nearest first', async () => {
    const result = await neighbors('beijing-customs', { depth: 2 });
    expect(result.totalCount).toBe(24);
    expect(result.truncated).toBe(false);
    const at = (d: number) => result.edges.filter((e: any) => e.distance === d).map((e: any) => e.node.slug);
    expect(at(1).sort()).toEqual([...DEPTH_1].sort());
    expect(at(2).sort()).toEqual([...DEPTH_2].sort());
    expect(result.edges.map((e: any) => e.distance)).toEqual([...Array(18).fill(1), ...Array(6).fill(2)]);
    for (const edge of result.edges) {
      expect(edge.path).toHaveLength(edge.distance);
      expect(edge.path[0].from.slug).toBe('beijing-customs');
      expect(edge.path.at(-1).to.slug).toBe(edge.node.slug);
    }
  });

  it('tells how each neighbour was reached, each step with its direction and evidence', async () => {
    const result = await neighbors('beijing-customs', { depth: 2 });
    const region = result.edges.find((e: any) => e.node.slug === 'beijing-tianjin-hebei');
    expect(region.path).toEqual([
      {
        direction: 'INCOMING',
        from: { slug: 'beijing-customs' },
        to: { slug: 'bth-supply-chain-clearance-mechanism' },
        relation: { predicate: 'IMPLEMENTED_BY', role: null, evidence: { quote: expect.stringContaining('Beijing-Tianjin-Hebei') } },
      },
      {
        direction: 'OUTGOING',
        from: { slug: 'bth-supply-chain-clearance-mechanism' },
        to: { slug: 'beijing-tianjin-hebei' },
        relation: { predicate: 'APPLIES_TO', role: null, evidence: { quote: expect.stringContaining('Beijing-Tianjin-Hebei') } },
      },
    ]);
    const wang = result.edges.find((e: any) => e.node.slug === 'wang-hui');
    expect(wang.path).toEqual([
      {
        direction: 'INCOMING',
        from: { slug: 'beijing-customs' },
        to: { slug: 'wang-hui' },
        relation: {
          predicate: 'HOLDS_ROLE_AT',
          role: 'deputy head',
          evidence: { quote: 'Wang Hui, member of the Beijing Customs Party Committee and deputy head of customs' },
        },
      },
    ]);
  });

  it('walks only the predicates, direction and kinds asked for', async () => {
    const supervised = await neighbors('beijing-customs', { depth: 2, predicates: ['SUPERVISES'], direction: 'OUTGOING' });
    expect(supervised.edges.map((e: any) => e.node.slug).sort()).toEqual([
      'beijing-capital-international-airport',
      'beijing-daxing-international-airport',
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    const industries = await neighbors('beijing-customs', { depth: 2, kinds: ['INDUSTRY'] });
    expect(industries.totalCount).toBe(4);
    // Nearest first, then in ID order (the order the seed created them in).
    expect(industries.edges.map((e: any) => [e.node.slug, e.distance])).toEqual([
      ['high-end-smart-green-industries', 1],
      ['medical-and-health-industry', 2],
      ['integrated-circuit-industry', 2],
      ['exhibition-industry', 2],
    ]);
    const upwards = await neighbors('beijing', { depth: 3, predicates: ['PART_OF'], direction: 'OUTGOING' });
    expect(upwards.edges.map((e: any) => e.node.slug).sort()).toEqual(['beijing-tianjin-hebei', 'china']);
  });

  it('pages through a neighbourhood with cursors, in the same order as one page', async () => {
    const all = await neighbors('beijing-customs', { depth: 2 });
    const slugs: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = await neighbors('beijing-customs', { depth: 2, first: 7, after });
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      slugs.push(...page.edges.map((e: any) => e.node.slug));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(4);
    expect(slugs).toEqual(all.edges.map((e: any) => e.node.slug));
  });

  it('walks the neighbourhoods of a whole list in one statement', async () => {
    const response = await api.query(`{
      entities(first: 6, kinds: [CUSTOMS_OFFICE, BONDED_ZONE, AIRPORT]) { edges { node { slug
        neighbors(depth: 2, first: 3) { totalCount edges { distance node { slug } path { direction relation { predicate evidence { quote } } from { slug } to { slug } } } }
      } } }
    }`);
    const data = dataOf(response);
    expect(data.entities.edges).toHaveLength(6);
    const customs = data.entities.edges.find((e: any) => e.node.slug === 'beijing-customs').node.neighbors;
    expect(customs.totalCount).toBe(24);
    expect(customs.edges).toHaveLength(3);
    // (A full two-step walk is priced at the neighbourhood cap under each entity, so six fit the cost limit.)
    // The list and its count, the walk of all six entities (with the rows of the neighbours, who
    // are asked only their columns), and the relations on the paths with their evidence.
    expect(response.extensions?.sqlStatements).toBe(4);
  });

  it('runs two statements for a depth-3 walk with paths and evidence: walk, relations with evidence; none for columns', async () => {
    const response = await api.query(`{
      entity(slug: "wang-hui") {
        neighbors(depth: 3, first: 50) { totalCount edges { distance node { slug name } path { direction from { name } to { name } relation { predicate evidence { quote } } } } }
      }
    }`);
    const result = dataOf(response).entity.neighbors;
    expect(result.totalCount).toBeGreaterThan(20);
    // One for the entity itself, then the walk (with the rows of the entities on the paths) and the relations with their evidence.
    expect(response.extensions?.sqlStatements).toBe(3);
    // Asked only their columns, the entities and relations on the paths come with the walk.
    const plain = await api.query(`{
      entity(slug: "wang-hui") {
        neighbors(depth: 3, first: 50) { totalCount edges { distance node { slug name kind } path { direction from { name } to { name } relation { id predicate role validFrom } } } }
      }
    }`);
    expect(plain.extensions?.sqlStatements).toBe(2);
    const edges = dataOf(plain).entity.neighbors.edges;
    expect(edges.map((e: any) => [e.node.slug, e.path.map((s: any) => [s.from.name, s.to.name, s.relation.predicate])])).toEqual(
      result.edges.map((e: any) => [e.node.slug, e.path.map((s: any) => [s.from.name, s.to.name, s.relation.predicate])]),
    );
  });

  it('gives the same columns from the walk\'s rows as from loading the entities and relations', async () => {
    const columns = `id slug name kind aliases description createdAt updatedAt`;
    const relation = `id predicate role validFrom validTo basis note`;
    const walk = (extra: string, relationExtra: string) =>
      api.query(`{ entity(slug: "beijing-customs") { neighbors(depth: 2, first: 30) { edges { node { ${columns} ${extra} }
        path { from { ${columns} } relation { ${relation} ${relationExtra} } } } } } }`);
    const fromWalk = await walk('', '');
    const loaded = await walk('mentions { id }', 'evidence { id }');
    expect([fromWalk.extensions?.sqlStatements, loaded.extensions?.sqlStatements]).toEqual([2, 4]);
    const strip = (data: any) =>
      data.entity.neighbors.edges.map((e: any) => ({ ...e, node: { ...e.node, mentions: undefined }, path: e.path.map((s: any) => ({ ...s, relation: { ...s.relation, evidence: undefined } })) }));
    expect(strip(dataOf(fromWalk))).toEqual(strip(dataOf(loaded)));
    expect(dataOf(fromWalk).entity.neighbors.edges.some((e: any) => e.path.some((s: any) => s.relation.validFrom || s.relation.role))).toBe(true);
  });

  it('refuses a depth below 1 or above the maximum, and an unknown predicate, with typed errors', async () => {
    const zero = await api.query(NEIGHBORS, { slug: 'beijing-customs', depth: 0 });
    expect(zero.errors?.[0]).toMatchObject({ message: expect.stringMatching(/"depth" is 0/), extensions: { code: 'BAD_USER_INPUT' } });
    const negative = await api.query(NEIGHBORS, { slug: 'beijing-customs', depth: -3 });
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await api.query(NEIGHBORS, { slug: 'beijing-customs', depth: 1_000_000 });
    expect(huge.errors?.[0]).toMatchObject({ message: expect.stringMatching(/at most 6 steps/), extensions: { code: 'LIMIT_EXCEEDED', limit: 6 } });
    const predicate = await api.query(NEIGHBORS, { slug: 'beijing-customs', predicates: ['OWNS'] });
    expect(predicate.errors?.[0]?.message).toMatch(/"OWNS" does not exist in "Predicate" enum/);
    expect(predicate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const literal = await api.query(`{ entity(slug: "beijing-customs") { neighbors(predicates: [OWNS]) { totalCount } } }`);
    expect(literal.errors?.[0]?.message).toMatch(/Value "OWNS" does not exist in "Predicate" enum/);
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('advertises only the forward paging it runs: first and after, no last or before', async () => {
    const args = dataOf(await api.query(`{ __type(name: "Entity") { fields { name args { name } } } }`)).__type.fields.find((f: any) => f.name === 'neighbors').args;
    expect(args.map((a: any) => a.name)).toEqual(expect.arrayContaining(['first', 'after']));
    expect(args.map((a: any) => a.name)).not.toContain('last');
    expect(args.map((a: any) => a.name)).not.toContain('before');
    const backwards = await api.query(`{ entity(slug: "beijing-customs") { neighbors(last: 2) { totalCount } } }`);
    expect(backwards.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

const PATHS = `query($from: String!, $to: String!, $maxDepth: Int, $predicates: [Predicate!], $direction: Direction, $first: Int) {
  paths(from: $from, to: $to, maxDepth: $maxDepth, predicates: $predicates, direction: $direction, first: $first) {
    length
    nodes { slug }
    steps { direction from { slug } to { slug } relation { predicate role basis evidence { quote } } }
  }
}`;

describe('paths', () => {
  it('finds the path from Wang Hui to the Daxing bonded area with the relations on it', async () => {
    const response = await api.query(PATHS, { from: 'wang-hui', to: 'daxing-airport-comprehensive-bonded-area' });
    expect(dataOf(response).paths).toEqual([
      {
        length: 2,
        nodes: [{ slug: 'wang-hui' }, { slug: 'beijing-customs' }, { slug: 'daxing-airport-comprehensive-bonded-area' }],
        steps: [
          {
            direction: 'OUTGOING',
            from: { slug: 'wang-hui' },
            to: { slug: 'beijing-customs' },
            relation: {
              predicate: 'HOLDS_ROLE_AT',
              role: 'deputy head',
              basis: 'STATED',
              evidence: { quote: 'Wang Hui, member of the Beijing Customs Party Committee and deputy head of customs' },
            },
          },
          {
            direction: 'OUTGOING',
            from: { slug: 'beijing-customs' },
            to: { slug: 'daxing-airport-comprehensive-bonded-area' },
            relation: {
              predicate: 'SUPERVISES',
              role: null,
              basis: 'INFERRED',
              evidence: { quote: 'Wang Hui stated that the Daxing International Airport Comprehensive Bonded Area experienced remarkable growth' },
            },
          },
        ],
      },
    ]);
    // The slugs, the search, the entities and the relations.
    expect(response.extensions?.sqlStatements).toBe(4);
  });

  it('walks backwards when asked, and gives every shortest path when there are several', async () => {
    const back = dataOf(await api.query(PATHS, { from: 'daxing-airport-comprehensive-bonded-area', to: 'wang-hui', direction: 'INCOMING' })).paths;
    expect(back).toHaveLength(1);
    expect(back[0].steps.map((s: any) => [s.direction, s.relation.predicate])).toEqual([
      ['INCOMING', 'SUPERVISES'],
      ['INCOMING', 'HOLDS_ROLE_AT'],
    ]);
    // Beijing and Tianjin are both part of the capital region, and the region is linked to Beijing Customs through the mechanism.
    const several = dataOf(await api.query(PATHS, { from: 'tianzhu-comprehensive-bonded-zone', to: 'daxing-airport-comprehensive-bonded-area' })).paths;
    expect(several.map((p: any) => p.nodes.map((n: any) => n.slug)).sort()).toEqual([
      ['tianzhu-comprehensive-bonded-zone', 'beijing', 'daxing-airport-comprehensive-bonded-area'],
      ['tianzhu-comprehensive-bonded-zone', 'beijing-customs', 'daxing-airport-comprehensive-bonded-area'],
    ]);
    const one = dataOf(await api.query(PATHS, { from: 'tianzhu-comprehensive-bonded-zone', to: 'daxing-airport-comprehensive-bonded-area', first: 1 })).paths;
    expect(one).toHaveLength(1);
  });

  it('returns no path when none is short enough or allowed, and the entity itself for a path to itself', async () => {
    expect(dataOf(await api.query(PATHS, { from: 'wang-hui', to: 'exhibition-industry', maxDepth: 2 })).paths).toEqual([]);
    const long = dataOf(await api.query(PATHS, { from: 'wang-hui', to: 'exhibition-industry', maxDepth: 3 })).paths;
    expect(long.map((p: any) => p.nodes.map((n: any) => n.slug))).toEqual([
      ['wang-hui', 'beijing-customs', 'exhibition-clearance-model', 'exhibition-industry'],
    ]);
    expect(dataOf(await api.query(PATHS, { from: 'wang-hui', to: 'beijing-customs', predicates: ['SUPERVISES'] })).paths).toEqual([]);
    expect(dataOf(await api.query(PATHS, { from: 'wang-hui', to: 'wang-hui' })).paths).toEqual([{ length: 0, nodes: [{ slug: 'wang-hui' }], steps: [] }]);
  });

  it('refuses unknown slugs and bad depths with typed errors', async () => {
    const unknown = await api.query(PATHS, { from: 'wang-hui', to: 'atlantis' });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'No entity has the slug "atlantis"', extensions: { code: 'NOT_FOUND', argument: 'to' } });
    const zero = await api.query(PATHS, { from: 'wang-hui', to: 'beijing', maxDepth: 0 });
    expect(zero.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const deep = await api.query(PATHS, { from: 'wang-hui', to: 'beijing', maxDepth: 99 });
    expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 6 });
    const many = await api.query(PATHS, { from: 'wang-hui', to: 'beijing', first: 1000 });
    expect(many.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const injected = await api.query(PATHS, { from: "wang-hui' OR '1'='1", to: 'beijing' });
    expect(injected.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('subgraph', () => {
  const SUBGRAPH = `query($around: String!, $depth: Int, $maxNodes: Int, $predicates: [Predicate!]) {
    subgraph(around: $around, depth: $depth, maxNodes: $maxNodes, predicates: $predicates) {
      truncated
      center { id slug }
      nodes { distance entity { id slug } }
      edges { source target predicate relation { id subject { id } object { id } evidence { quote } } }
    }
  }`;

  it('gives nodes and edges keyed by their entities\' and relations\' global IDs, every edge between two of the nodes', async () => {
    const response = await api.query(SUBGRAPH, { around: 'daxing-airport-comprehensive-bonded-area', depth: 1 });
    const graph = dataOf(response).subgraph;
    expect(graph.truncated).toBe(false);
    expect(graph.nodes[0]).toMatchObject({ distance: 0, entity: { slug: 'daxing-airport-comprehensive-bonded-area' } });
    expect(graph.nodes.map((n: any) => n.entity.slug).sort()).toEqual(
      ['beijing', 'beijing-customs', 'beijing-daxing-international-airport', 'daxing-airport-comprehensive-bonded-area'].sort(),
    );
    expect(graph.center.id).toBe(graph.nodes[0].entity.id);
    const ids = new Set(graph.nodes.map((n: any) => n.entity.id));
    // The zone's own 3 relations, and the two between its neighbours (Beijing Customs supervises the airport; the airport lies in no region here).
    expect(graph.edges.map((e: any) => e.predicate).sort()).toEqual(['HOSTS', 'LOCATED_IN', 'SUPERVISES', 'SUPERVISES']);
    for (const edge of graph.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
      expect([edge.relation.subject.id, edge.relation.object.id]).toEqual([edge.source, edge.target]);
      expect(edge.relation.evidence.quote.length).toBeGreaterThan(10);
    }
    // The slug, the walk, the entities, the relations.
    expect(response.extensions?.sqlStatements).toBe(4);
  });

  it('has no id of its own on nodes and edges: a distance belongs to one answer, never to the entity', async () => {
    // Two overlapping answers: Beijing Customs is at distance 0 in one and 1 in the other.
    const office = dataOf(await api.query(SUBGRAPH, { around: 'beijing-customs', depth: 1 })).subgraph;
    const zone = dataOf(await api.query(SUBGRAPH, { around: 'daxing-airport-comprehensive-bonded-area', depth: 1 })).subgraph;
    const distanceOf = (graph: any, slug: string) => graph.nodes.find((n: any) => n.entity.slug === slug).distance;
    expect([distanceOf(office, 'beijing-customs'), distanceOf(zone, 'beijing-customs')]).toEqual([0, 1]);
    const fields = async (type: string) => dataOf(await api.query(`{ __type(name: "${type}") { fields { name } } }`)).__type.fields.map((f: any) => f.name);
    expect(await fields('SubgraphNode')).not.toContain('id');
    expect(await fields('SubgraphEdge')).not.toContain('id');
  });

  it('cuts the network at maxNodes and says so', async () => {
    const graph = dataOf(await api.query(SUBGRAPH, { around: 'beijing-customs', depth: 2, maxNodes: 5 })).subgraph;
    expect(graph.truncated).toBe(true);
    expect(graph.nodes).toHaveLength(5);
    expect(graph.nodes.map((n: any) => n.distance)).toEqual([0, 1, 1, 1, 1]);
    const whole = dataOf(await api.query(SUBGRAPH, { around: 'beijing-customs', depth: 2 })).subgraph;
    expect(whole.truncated).toBe(false);
    expect(whole.nodes).toHaveLength(25);
  });

  it('refuses bad depths and sizes, and unknown centres', async () => {
    for (const [variables, code] of [
      [{ depth: -1 }, 'BAD_USER_INPUT'],
      [{ depth: 5 }, 'LIMIT_EXCEEDED'],
      [{ maxNodes: 0 }, 'BAD_USER_INPUT'],
      [{ maxNodes: 1_000_000 }, 'LIMIT_EXCEEDED'],
    ] as const) {
      const response = await api.query(SUBGRAPH, { around: 'beijing', ...variables });
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
    }
    const unknown = await api.query(SUBGRAPH, { around: 'nowhere' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'around' });
  });
});
