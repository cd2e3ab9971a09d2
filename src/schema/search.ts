// Search: entities by name, alias (English and Chinese) and description, and
// sources by their text, ranked best first. The ranking runs in one SQL
// statement (src/sql/search.ts); the entities or sources of the page are then
// loaded with Prisma in one more, with whatever the query selects on them.
import { asOfArg } from './as-of.ts';
import { createHash } from 'node:crypto';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Prisma } from '../generated/prisma/client.ts';
import { normalizeSearchQuery, searchEntities, searchSources, snippetOf } from '../sql/search.ts';
import { builder } from './builder.ts';
import { rowsCost, TABLE_ROWS } from './cost.ts';
import { EntityInterface } from './entity.ts';
import { EntityKindEnum } from './enums.ts';
import { type ConnectionArgs, encodeCursor, type Ordering, pageInfoOf, pageOf } from './pagination.ts';
import { CONNECTION_ITEMS } from './selection.ts';
import { SourceNode } from './source.ts';
import { forwardPageArgs } from './forward-pages.ts';
import { LIMITS } from '../limits.ts';

/**
 * Results are ordered by score, then ID. The ordering's name carries a digest
 * of the search, so a cursor of one search is refused by another.
 */
function searchOrdering(kind: string, ...search: unknown[]): Ordering {
  const digest = createHash('sha256').update(JSON.stringify(search)).digest('base64url').slice(0, 10);
  return {
    name: `${kind}-${digest}`,
    keys: [
      { field: 'score', direction: 'desc', type: 'float' },
      { field: 'id', direction: 'asc', type: 'int' },
    ],
  };
}

/** The page of a search: forward only (the fields take no `last`/`before`), from a cursor of the same search. */
function searchPage(args: ConnectionArgs, ordering: Ordering) {
  // The cursor's score and ID are checked against the ordering's types as it is decoded.
  const page = pageOf(args, ordering);
  const after = page.after;
  return { page, after: after ? { score: after[0] as number, id: after[1] as number } : null };
}

/** The page's edges, best first: every hit whose row was loaded, with its cursor and what `fields` takes from the hit. */
function edgesOf<H extends { id: number; score: number }, R extends { id: number }, F>(ordering: Ordering, hits: H[], rows: R[], fields: (hit: H) => F) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return hits
    .filter((hit) => byId.has(hit.id))
    .map((hit) => ({ cursor: encodeCursor(ordering, [hit.score, hit.id]), node: byId.get(hit.id)!, ...fields(hit) }));
}

interface SearchEdgeShape {
  cursor: string;
  score: number;
  matched: string;
}

interface SourceEdgeShape {
  cursor: string;
  score: number;
  snippet: string;
  startOffset: number;
  endOffset: number;
}

const SearchResultConnection = builder.connectionObject(
  { type: EntityInterface, name: 'SearchResultConnection', description: 'Entities matching a search, best first.' },
  {
    name: 'SearchResultEdge',
    description: 'One search result: the entity, how well it matched, and the text that matched.',
    fields: (e) => ({
      score: e.float({ description: 'Relevance: higher is better. 1 or more means the query is a whole name or alias.', resolve: (edge) => (edge as unknown as SearchEdgeShape).score }),
      matched: e.string({ description: 'The name, alias or description that matched best.', resolve: (edge) => (edge as unknown as SearchEdgeShape).matched }),
    }),
  },
);

const SourceSearchConnection = builder.connectionObject(
  { type: SourceNode, name: 'SourceSearchConnection', description: 'Sources matching a search, best first.' },
  {
    name: 'SourceSearchEdge',
    description: 'One matching source, with the passage around its best match.',
    fields: (e) => ({
      score: e.float({ description: 'Relevance: higher is better; a phrase match adds 1.', resolve: (edge) => (edge as unknown as SourceEdgeShape).score }),
      snippet: e.string({ description: 'The text around the best match, cut at whole words.', resolve: (edge) => (edge as unknown as SourceEdgeShape).snippet }),
      startOffset: e.int({
        description: 'Where the best match starts in `source.text`, in Unicode code points (like evidence offsets).',
        resolve: (edge) => (edge as unknown as SourceEdgeShape).startOffset,
      }),
      endOffset: e.int({ description: 'Where the best match ends (exclusive), in code points.', resolve: (edge) => (edge as unknown as SourceEdgeShape).endOffset }),
    }),
  },
);

builder.queryFields((t) => ({
  search: t.field({
    type: SearchResultConnection,
    description:
      `Entities whose name, aliases (English or Chinese) or description match \`query\`, best first: exact names and aliases, then names that start with or contain the query, then full-text (stemmed) and fuzzy (trigram) matches for typos and partial names. Every match is ranked and counted in \`totalCount\`; the pages hold the best ${LIMITS.searchRanked}.`,
    args: {
      query: t.arg.string({ required: true, description: 'Words or a name, e.g. "Daxing airport" or "天竺"; matched case-insensitively.' }),
      ...asOfArg(t.arg),
      kinds: t.arg({ type: [EntityKindEnum], description: 'Only entities of these kinds.' }),
      ...forwardPageArgs(t.arg),
    },
    // It scores every entity that matches, as many as a table; the page multiplies what the edges select.
    complexity: (args) => ({ field: 1 + rowsCost(TABLE_ROWS), multiplier: args.first ?? LIMITS.defaultPageSize }),
    resolve: async (_root, args, ctx, info) => {
      const query = normalizeSearchQuery(args.query);
      const ordering = searchOrdering('search', query, [...(args.kinds ?? [])].sort());
      const { page, after } = searchPage(args, ordering);
      const { hits, total } = await searchEntities(ctx.pool, query, args.kinds, { limit: page.take, after });
      const kept = hits.slice(0, page.size);
      const select = queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS });
      const rows = kept.length
        ? await ctx.prisma.entity.findMany({ ...select, where: { id: { in: kept.map((h) => h.id) } } } as Prisma.EntityFindManyArgs)
        : [];
      const edges = edgesOf(ordering, kept, rows, (hit) => ({ score: hit.score, matched: hit.matched }));
      return { edges, pageInfo: pageInfoOf(edges, hits.length > page.size, after !== null), totalCount: total };
    },
  }),
  searchSources: t.field({
    type: SourceSearchConnection,
    description:
      `Sources whose text matches \`query\` as a phrase (case-insensitive, any language) or by full-text search (stemmed English words), best first, each with the passage that matched. Every match is ranked and counted in \`totalCount\`; the pages hold the best ${LIMITS.searchRanked}.`,
    args: {
      query: t.arg.string({ required: true, description: 'A phrase or words, e.g. "bonded zone" or "lithium battery".' }),
      ...asOfArg(t.arg),
      ...forwardPageArgs(t.arg),
    },
    // It reads the text of every source.
    complexity: (args) => ({ field: 1 + rowsCost(TABLE_ROWS), multiplier: args.first ?? LIMITS.defaultPageSize }),
    resolve: async (_root, args, ctx, info) => {
      const query = normalizeSearchQuery(args.query);
      const ordering = searchOrdering('search-sources', query);
      const { page, after } = searchPage(args, ordering);
      const { hits, total } = await searchSources(ctx.pool, query, { limit: page.take, after });
      const kept = hits.slice(0, page.size);
      const select = queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS });
      const rows = kept.length
        ? ((await ctx.prisma.source.findMany({ ...select, where: { id: { in: kept.map((h) => h.id) } } } as Prisma.SourceFindManyArgs)) as Array<{ id: number }>)
        : [];
      const edges = edgesOf(ordering, kept, rows, (hit) => ({
        score: hit.score,
        snippet: snippetOf(hit),
        startOffset: hit.startOffset,
        endOffset: hit.endOffset,
      }));
      return { edges, pageInfo: pageInfoOf(edges, hits.length > page.size, after !== null), totalCount: total };
    },
  }),
}));
