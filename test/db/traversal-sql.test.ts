// The traversal statements on the seeded graph, below the API: the cut at the
// maximum size, walks of several starts at once, and the shortest-path network.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsThrough, shortestPaths } from '../../src/sql/paths.ts';
import { egoNetwork, neighborhoods } from '../../src/sql/traversal.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
let id: Record<string, number>;
beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  const rows = await db.prisma.entity.findMany({ select: { id: true, slug: true } });
  id = Object.fromEntries(rows.map((r) => [r.slug, r.id]));
});
afterAll(() => db?.close());

describe('neighborhoods', () => {
  it('cuts a neighbourhood at its maximum, keeping the nearest, and says so', async () => {
    const all = (await neighborhoods(db.pool, [id['beijing-customs']!], { depth: 2, direction: 'BOTH' }, { take: 100, count: true })).get(id['beijing-customs']!)!;
    expect([all.total, all.truncated]).toEqual([24, false]);
    const cut = (await neighborhoods(db.pool, [id['beijing-customs']!], { depth: 2, direction: 'BOTH' }, { take: 100, count: true }, 20)).get(id['beijing-customs']!)!;
    expect([cut.total, cut.truncated]).toEqual([20, true]);
    expect(cut.neighbors.map((n) => n.entityId)).toEqual(all.neighbors.slice(0, 20).map((n) => n.entityId));
    const exact = (await neighborhoods(db.pool, [id['beijing-customs']!], { depth: 2, direction: 'BOTH' }, { take: 100, count: true }, 24)).get(id['beijing-customs']!)!;
    expect([exact.total, exact.truncated]).toEqual([24, false]);
  });

  it('counts the last level without listing it once the page is full: the same total, cut and page as listing it', async () => {
    // Beijing Customs has 18 neighbours at depth 1, so a page of 2 is full before its last
    // level, which is then only counted; maxima around the neighbourhood's size cut it at each level.
    const starts = ['beijing-customs', 'beijing', 'wang-hui', 'tianzhu-comprehensive-bonded-zone'];
    let cutWhileCounting = 0;
    for (const slug of starts) {
      for (const depth of [1, 2, 3]) {
        for (const direction of ['BOTH', 'OUTGOING', 'INCOMING'] as const) {
          for (const max of [2, 18, 19, 20, 24, 10_000]) {
            const start = id[slug]!;
            const walk = { depth, direction };
            const listed = (await neighborhoods(db.pool, [start], walk, { take: 10_000, count: true }, max)).get(start)!;
            const paged = (await neighborhoods(db.pool, [start], walk, { take: 2, count: true }, max)).get(start)!;
            const where = `${slug} depth ${depth} ${direction} max ${max}`;
            expect([paged.total, paged.truncated], where).toEqual([listed.total, listed.truncated]);
            expect(paged.neighbors, where).toEqual(listed.neighbors.slice(0, 2));
            if (paged.truncated && listed.neighbors.length > 2) cutWhileCounting++;
          }
        }
      }
    }
    expect(cutWhileCounting).toBeGreaterThan(0);
    const customs = (await neighborhoods(db.pool, [id['beijing-customs']!], { depth: 2, direction: 'BOTH' }, { take: 2, count: true }, 20)).get(id['beijing-customs']!)!;
    expect([customs.total, customs.truncated]).toEqual([20, true]);
  });

  it('walks several starts in one statement, each on its own, and stops early when no total is asked for', async () => {
    const starts = [id['wang-hui']!, id['china']!, id['beijing-customs']!];
    const result = await neighborhoods(db.pool, starts, { depth: 1, direction: 'BOTH' }, { take: 3, count: true });
    expect(starts.map((s) => result.get(s)!.total)).toEqual([3, 1, 18]);
    expect(result.get(id['china']!)!.neighbors.map((n) => n.entityId)).toEqual([id['beijing']]);
    const page = await neighborhoods(db.pool, [id['beijing-customs']!], { depth: 3, direction: 'BOTH' }, { take: 3, count: false });
    expect(page.get(id['beijing-customs']!)).toMatchObject({ total: null, truncated: null });
    expect(page.get(id['beijing-customs']!)!.neighbors).toHaveLength(3);
  });
});

describe('shortest paths', () => {
  it('returns every shortest path through the network, and none when too short a search is allowed', async () => {
    const from = id['tianzhu-comprehensive-bonded-zone']!;
    const to = id['daxing-airport-comprehensive-bonded-area']!;
    const paths = await shortestPaths(db.pool, from, to, { maxDepth: 4, direction: 'BOTH', count: 10 });
    expect(paths.map((p) => p.nodeIds)).toEqual(
      expect.arrayContaining([
        [from, id['beijing'], to],
        [from, id['beijing-customs'], to],
      ]),
    );
    expect(paths).toHaveLength(2);
    expect(await shortestPaths(db.pool, from, to, { maxDepth: 1, direction: 'BOTH', count: 10 })).toEqual([]);
  });

  it('assembles paths from a network in a stable order, up to the count', () => {
    const network = [
      { relationId: 5, fromId: 1, toId: 3, position: 0, forwards: true },
      { relationId: 4, fromId: 1, toId: 2, position: 0, forwards: false },
      { relationId: 7, fromId: 3, toId: 9, position: 1, forwards: true },
      { relationId: 6, fromId: 2, toId: 9, position: 1, forwards: true },
    ];
    expect(pathsThrough(network, 1, 9, 5).map((p) => p.steps.map((s) => s.relationId))).toEqual([
      [4, 6],
      [5, 7],
    ]);
    expect(pathsThrough(network, 1, 9, 1)).toHaveLength(1);
  });
});

describe('egoNetwork', () => {
  it('keeps the nearest entities and every relation between them', async () => {
    const graph = await egoNetwork(db.pool, id['wang-hui']!, { depth: 1, direction: 'BOTH' }, 10);
    expect(graph.nodes.map((n) => n.distance)).toEqual([0, 1, 1, 1]);
    // Wang Hui's three relations, and the committee being part of Beijing Customs.
    expect(graph.edges.map((e) => e.predicate).sort()).toEqual(['CREDITS', 'HOLDS_ROLE_AT', 'HOLDS_ROLE_AT', 'PART_OF']);
    expect(graph.truncated).toBe(false);
  });
});
