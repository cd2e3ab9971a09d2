// Sources and evidence: every fact of the graph points at the exact passage
// of a source document that states it.
import { asOfArg } from './as-of.ts';
import type { Evidence } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import { SortDirectionEnum } from './enums.ts';
import { SourceFilter, sourceWhere } from './filters/index.ts';
import { evidencePagesSql } from '../sql/nested-pages.ts';
import { itemsOf, nestedConnection, rootPage } from './loaders.ts';
import { type Ordering, pageOf } from './pagination.ts';

export const EvidenceNode = builder.prismaNode('Evidence', {
  description:
    'The exact quote of a source that states a fact. `startOffset` and `endOffset` count Unicode code points into the source text: `text[startOffset, endOffset)` is the quote (in SQL: substr(text, start_offset + 1, end_offset - start_offset)).',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  fields: (t) => ({
    quote: t.exposeString('quote', { description: 'The exact words of the source.' }),
    startOffset: t.exposeInt('startOffset', { description: 'Where the quote starts in the source text, in Unicode code points from 0.' }),
    endOffset: t.exposeInt('endOffset', { description: 'Where the quote ends (exclusive), in code points.' }),
    source: t.relation('source', { description: 'The document quoted.' }),
  }),
});

/** A source's evidence in reading order; the ID breaks ties. */
export const EVIDENCE_ORDER: Ordering = {
  name: 'evidence',
  keys: [
    { field: 'startOffset', direction: 'asc', type: 'int' },
    { field: 'id', direction: 'asc', type: 'int' },
  ],
};

export const SourceNode = builder.prismaNode('Source', {
  description: 'A document facts are taken from, with its full text.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  // The full text is only read when asked for.
  select: { id: true },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable identifier, e.g. "beijing-trade-h1-2023".' }),
    title: t.exposeString('title', { description: 'The title of the document.' }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it, when known.' }),
    publishedAt: t.expose('publishedOn', { type: 'Date', description: 'The day the source was published.' }),
    editors: t.exposeStringList('editors', { description: 'Editors named by the document.' }),
    language: t.exposeString('language', { description: 'BCP 47 language tag of the text.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the document was published, when known.' }),
    text: t.exposeString('text', { description: 'The full text, exactly as ingested.' }),
    textSha256: t.exposeString('textSha256', { description: 'SHA-256 of the text as UTF-8 bytes.' }),
    // Paged like every other nested connection (loaders.ts), with cursors of typed sort keys.
    evidence: t.connection(
      {
        type: EvidenceNode,
        description: 'Every passage of this source that backs a fact, in reading order.',
        // The page loads on its own: nothing to add to the source's query.
        select: () => ({}),
        resolve: (source, args, ctx, info) => {
          const page = pageOf(args, EVIDENCE_ORDER);
          return nestedConnection<Evidence>(ctx, info, source.id, args, {
            page,
            statement: (parentIds, counted) => evidencePagesSql({ parentIds, cut: page, counted }),
            load: itemsOf(ctx, 'evidence'),
          });
        },
      },
      { name: 'SourceEvidenceConnection' },
    ),
    evidenceCount: t.relationCount('evidence', { description: 'How many passages of this source back facts.' }),
  }),
});

const SourceOrderField = builder.enumType('SourceOrderField', {
  description: 'What to order sources by.',
  values: { PUBLISHED_ON: { description: 'By publication date, then by ID.' }, TITLE: { description: 'By title, then by ID.' } } as const,
});

const SourceOrder = builder.inputType('SourceOrder', {
  description: 'How to order a list of sources.',
  fields: (t) => ({
    field: t.field({ type: SourceOrderField, required: true, description: 'The key to order by; ties are broken by ID.' }),
    direction: t.field({ type: SortDirectionEnum, description: 'Default: newest first by date, A to Z by title.' }),
  }),
});

export function sourceOrdering(order: { field: 'PUBLISHED_ON' | 'TITLE'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Ordering {
  if (order?.field === 'TITLE') {
    const direction = order.direction === 'DESC' ? 'desc' : 'asc';
    return {
      name: `source-title-${direction}`,
      keys: [
        { field: 'title', direction, type: 'text' },
        { field: 'id', direction, type: 'int' },
      ],
    };
  }
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  return {
    name: direction === 'desc' ? 'source' : 'source-published-asc',
    keys: [
      { field: 'publishedOn', direction, type: 'date' },
      { field: 'id', direction, type: 'int' },
    ],
  };
}

builder.queryFields((t) => ({
  source: t.prismaField({
    type: SourceNode,
    nullable: true,
    description: 'A source by its slug, or null.',
    args: { slug: t.arg.string({ required: true, description: 'The source\'s slug.' }), ...asOfArg(t.arg) },
    resolve: (query, _root, { slug }, ctx) => ctx.prisma.source.findUnique({ ...query, where: { slug } }),
  }),
  sources: t.connection(
    {
      type: SourceNode,
      description: 'All sources, or those matching a filter, newest first unless told otherwise.',
      args: {
        filter: t.arg({ type: SourceFilter, description: 'Only sources matching this filter.' }),
        orderBy: t.arg({ type: SourceOrder, description: 'Default: newest first.' }),
        ...asOfArg(t.arg),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = pageOf(args, sourceOrdering(args.orderBy));
        const where = args.filter ? sourceWhere(args.filter) : {};
        // Sources load only the columns asked for; the sort keys are needed for cursors.
        return rootPage<{ id: number; publishedOn: Date; title: string }>(ctx, info, 'source', page, where, {
          select: { id: true, publishedOn: true, title: true },
        });
      },
    },
    { name: 'SourceConnection' },
  ),
}));

