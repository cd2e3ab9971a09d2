// A real Relay store: relay-runtime runs the operations a Relay app would
// (compiled by relay-compiler from test/relay/ against schema.graphql, see
// test/helpers/relay.ts) against the server through Yoga, and what the store
// shows (environment.lookup, every fragment read in place) must be what the
// server sent: after @connection pagination, after a @refetchable fragment
// is refetched, and after overlapping subgraph and neighbors answers around
// different entities, which a normalising cache must keep apart. The same
// app then runs on persisted operations only, from relay-compiler's manifest.
import {
  type ConcreteRequest,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getSingularSelector,
  Network,
  type OperationDescriptor,
  RecordSource,
  type SingularReaderSelector,
  Store,
  type Variables,
} from 'relay-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';
import { compileRelay, type RelayBuild } from '../helpers/relay.ts';

let build: RelayBuild;
let api: TestApi;
let persistedOnly: TestApi;
/** What Relay logged: it warns (console.error) when records of one ID disagree. */
const warnings: string[] = [];

beforeAll(async () => {
  build = await compileRelay();
  [api, persistedOnly] = await Promise.all([
    openTestApi('seeded'),
    openTestApi('seeded', { persistedOperations: { manifests: [build.manifest], only: true } }),
  ]);
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  }
}, 120_000);
beforeEach(() => {
  warnings.length = 0;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([api?.close(), persistedOnly?.close()]);
  build?.remove();
});

interface Sent {
  name: string;
  variables: Variables;
  payload: { data?: any; errors?: unknown[] };
}

/** A Relay environment whose network posts to the server through Yoga: the text, or only the persisted ID. */
function relayEnvironment(server: TestApi, send: 'text' | 'id') {
  const sent: Sent[] = [];
  const network = Network.create(async (params, variables) => {
    const body = send === 'id' ? { documentId: params.id, variables } : { query: params.text, variables };
    const response = await server.yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify(body),
    });
    const payload = (await response.json()) as Sent['payload'];
    sent.push({ name: params.name, variables, payload });
    return payload as never;
  });
  return { environment: new Environment({ network, store: new Store(new RecordSource()) }), sent };
}

const query = (name: string) => {
  const node = build.queries.get(name);
  if (!node) throw new Error(`relay-compiler made no ${name}: ${build.output}`);
  return node;
};

/** Runs an operation as a Relay app does (fetched into the store and retained). */
async function run(environment: Environment, name: string, variables: Variables): Promise<OperationDescriptor> {
  const operation = createOperationDescriptor(query(name), variables);
  environment.retain(operation);
  await fetchQuery(environment, query(name) as ConcreteRequest, variables).toPromise();
  return operation;
}

const RELAY_KEYS = new Set(['__id', '__fragments', '__fragmentOwner', '__isWithinUnmatchedTypeRefinement']);

/** What a Relay app renders for a selector: the store's data, each spread fragment read in place, Relay's own keys left out. */
function view(environment: Environment, selector: SingularReaderSelector): unknown {
  const snapshot = environment.lookup(selector);
  expect(snapshot.isMissingData, 'the store lacks data the server sent').toBe(false);
  const read = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(read);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const name of Object.keys((object.__fragments as object | undefined) ?? {})) {
      Object.assign(out, view(environment, getSingularSelector(build.fragments.get(name)!, object) as SingularReaderSelector));
    }
    for (const [key, v] of Object.entries(object)) if (!RELAY_KEYS.has(key)) out[key] = read(v);
    return out;
  };
  return read(snapshot.data);
}

/** The server's answer, cut to the fields the view shows (the server also sent the id and __typename Relay adds). */
function asShown(server: unknown, shown: unknown): unknown {
  if (Array.isArray(shown) && Array.isArray(server) && server.length === shown.length) return server.map((s, i) => asShown(s, shown[i]));
  if (shown && typeof shown === 'object' && !Array.isArray(shown) && server && typeof server === 'object') {
    return Object.fromEntries(Object.keys(shown).map((key) => [key, asShown((server as Record<string, unknown>)[key], (shown as Record<string, unknown>)[key])]));
  }
  return server;
}

function expectShownAsSent(environment: Environment, operation: OperationDescriptor, payload: Sent['payload']) {
  expect(payload.errors).toBeUndefined();
  const shown = view(environment, operation.fragment);
  expect(shown).toEqual(asShown(payload.data, shown));
}

describe('a Relay store fed by the server', () => {
  it('compiles the operations of a Relay app against schema.graphql, typed fragments without @alias', () => {
    expect(build.output).not.toMatch(/\[ERROR\]/);
    expect([...build.queries.keys()].sort()).toEqual([
      'EntityCardQuery',
      'EntityCardRefetchQuery',
      'NeighbourhoodNeighborsQuery',
      'NeighbourhoodSubgraphQuery',
      'OfficePoliciesPaginationQuery',
      'OfficePoliciesQuery',
    ]);
  });

  it('pages a @connection: the store holds both pages, in the order the server gives them', async () => {
    const { environment, sent } = relayEnvironment(api, 'text');
    const first = await run(environment, 'OfficePoliciesQuery', { slug: 'beijing-customs' });
    expectShownAsSent(environment, first, sent[0]!.payload);
    const office = environment.lookup(first.fragment).data as { customsOffice: { __id: string } };
    const pageOne = view(environment, first.fragment) as any;
    expect(pageOne.customsOffice.policies.edges).toHaveLength(3);

    // usePaginationFragment's loadNext: the refetch query with the end cursor, merged by the connection handler.
    await run(environment, 'OfficePoliciesPaginationQuery', { id: office.customsOffice.__id, first: 3, after: pageOne.customsOffice.policies.pageInfo.endCursor });
    const both = view(environment, first.fragment) as any;
    const server = dataOf(
      await api.query(`{ customsOffice(slug: "beijing-customs") { id name policies(first: 6) {
        totalCount edges { cursor role node { __typename name slug } } pageInfo { endCursor hasNextPage } } } }`),
    );
    expect(both.customsOffice.policies.edges).toHaveLength(6);
    expect(both).toEqual(asShown(server, both));
    expect(warnings).toEqual([]);
  });

  it('refetches a @refetchable fragment with other arguments, through node(id:), and keeps both answers', async () => {
    const { environment, sent } = relayEnvironment(api, 'text');
    const card = await run(environment, 'EntityCardQuery', { slug: 'beijing-customs' });
    const id = (environment.lookup(card.fragment).data as { entity: { __id: string } }).entity.__id;
    const refetched = await run(environment, 'EntityCardRefetchQuery', { id, depth: 2 });
    expectShownAsSent(environment, refetched, sent[1]!.payload);
    expectShownAsSent(environment, card, sent[0]!.payload);
    const [one, two] = [card, refetched].map((o) => view(environment, o.fragment) as any);
    expect(one.entity.neighbors.totalCount).toBeLessThan(two.node.neighbors.totalCount);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['NeighbourhoodSubgraphQuery', 'around', { depth: 1 }],
    ['NeighbourhoodNeighborsQuery', 'slug', {}],
  ] as const)('keeps two overlapping %s answers around different entities apart', async (name, argument, rest) => {
    const { environment, sent } = relayEnvironment(api, 'text');
    const office = await run(environment, name, { [argument]: 'beijing-customs', ...rest });
    const zone = await run(environment, name, { [argument]: 'daxing-airport-comprehensive-bonded-area', ...rest });
    // Each answer as its server sent it, after the other was stored: Beijing Customs is 0 or 1 step away depending on the centre.
    expectShownAsSent(environment, office, sent[0]!.payload);
    expectShownAsSent(environment, zone, sent[1]!.payload);
    expect(JSON.stringify(view(environment, office.fragment))).not.toEqual(JSON.stringify(view(environment, zone.fragment)));
    expect(warnings).toEqual([]);
  });

  it('runs the same app on persisted operations only, from relay-compiler\'s manifest', async () => {
    const { environment, sent } = relayEnvironment(persistedOnly, 'id');
    const operations = [
      await run(environment, 'OfficePoliciesQuery', { slug: 'beijing-customs' }),
      await run(environment, 'EntityCardQuery', { slug: 'wang-hui' }),
      await run(environment, 'NeighbourhoodSubgraphQuery', { around: 'beijing', depth: 2 }),
      await run(environment, 'NeighbourhoodNeighborsQuery', { slug: 'beijing' }),
    ];
    operations.forEach((operation, i) => expectShownAsSent(environment, operation, sent[i]!.payload));
    // An operation the app does not ship is refused.
    const text = await persistedOnly.query('{ entities { totalCount } }');
    expect(text.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    expect(warnings).toEqual([]);
  });
});
