// ingestSource: a knowledge file and its text through the API, with exactly
// the CLI's validation, limits and single transaction (src/ingest/load.ts).
import { WriteConflictError } from '../../auth/errors.ts';
import type { KeptField } from '../../ingest/curated.ts';
import { ingestKnowledge, type IngestReport, type Tallied, type Tally } from '../../ingest/load.ts';
import { IngestError } from '../../ingest/read.ts';
import { knowledgeFromRequest } from '../../ingest/request.ts';
import { sourceVersion } from '../../sql/history.ts';
import { builder } from '../builder.ts';
import { SourceNode } from '../source.ts';
import { curatorOf, DEFAULT_INGEST_MAX_BYTES, recordChange } from './context.ts';
import { type UserError, userErrorsField } from './user-errors.ts';

interface TableCount extends Tally {
  table: Tallied | 'total';
}

const TableCountType = builder.objectRef<TableCount>('IngestCount').implement({
  description: 'What an ingest did (or, in a dry run, would do) to the rows of one table.',
  fields: (t) => ({
    table: t.string({ resolve: (c) => c.table, description: 'source, metrics, entities, mentions, evidence, relations, observations, or total.' }),
    created: t.exposeInt('created', { description: 'Rows added (for facts: also those stated again after an ingest had retracted them).' }),
    updated: t.exposeInt('updated', { description: 'Rows changed.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Rows left as they were (for facts: also those a curator retracted, which stay retracted).' }),
    deleted: t.exposeInt('deleted', {
      description: 'Rows taken out: facts the file no longer states are retracted (kept, with why), other rows deleted.',
    }),
  }),
});

interface IngestResult {
  slug: string | null;
  dryRun: boolean;
  report: IngestReport | null;
  version: string | null;
  userErrors: UserError[];
}

const KeptCuratedField = builder.objectRef<KeptField>('KeptCuratedField').implement({
  description: 'A field of an entity that a curator set and an ingest kept, with the value its file gave instead.',
  fields: (t) => ({
    entity: t.exposeString('entity', { description: 'The entity\'s slug.' }),
    field: t.exposeString('field', { description: 'The field as the knowledge file names it: name, aliases, description or an attribute (e.g. iataCode).' }),
    kept: t.field({ type: 'JSON', nullable: true, description: 'The curator\'s value, kept.', resolve: (k) => k.kept }),
    file: t.field({ type: 'JSON', nullable: true, description: 'The file\'s value, not written.', resolve: (k) => k.file }),
  }),
});

builder.relayMutationField(
  'ingestSource',
  {
    description: 'A knowledge file and the text of its source.',
    inputFields: (t) => ({
      knowledge: t.field({ type: 'JSON', required: true, description: 'The knowledge file (format tradegraph-knowledge/1); its `source.textFile` is ignored.' }),
      text: t.string({ required: true, description: 'The source\'s full text; evidence quotes are found in it.' }),
      dryRun: t.boolean({ defaultValue: false, description: 'Validate and count, then write nothing.' }),
      expectedVersion: t.string({
        description: 'The `version` of the source this file was edited from: if the source changed since, the ingest is a CONFLICT and writes nothing.',
      }),
      overwriteCurated: t.boolean({
        defaultValue: false,
        description:
          'Write the file\'s values over fields a curator set with updateEntity. By default such a field keeps the curator\'s value, and `keptCurated` names it.',
      }),
    }),
  },
  {
    description:
      'Adds or replaces a source from its knowledge file, all or nothing, as `npm run ingest` does: the same validation, limits and transaction. ' +
      'Facts the file no longer states are retracted, not deleted. Needs a token with the CURATE scope.',
    resolve: async (_root, { input }, ctx): Promise<IngestResult> => {
      const actor = curatorOf(ctx, 'ingestSource');
      const dryRun = input.dryRun ?? false;
      try {
        const loaded = knowledgeFromRequest(input.knowledge, input.text, ctx.ingestMaxBytes ?? DEFAULT_INGEST_MAX_BYTES);
        const report = await ingestKnowledge(ctx.prisma, loaded, 'knowledge', {
          dryRun,
          actor,
          expectedVersion: input.expectedVersion ?? null,
          maxBytes: ctx.ingestMaxBytes,
          overwriteCurated: input.overwriteCurated ?? false,
        });
        if (!dryRun) recordChange(ctx, { sourceSlug: report.source, origin: 'INGEST' });
        const version = dryRun ? null : await sourceVersion(ctx.prisma, report.source);
        return { slug: report.source, dryRun, report, version, userErrors: [] };
      } catch (err) {
        if (err instanceof IngestError) {
          return { slug: null, dryRun, report: null, version: null, userErrors: err.problems.map((p) => ({ code: 'INVALID', path: p.path, message: p.message })) };
        }
        if (err instanceof WriteConflictError) {
          return { slug: null, dryRun, report: null, version: null, userErrors: [{ code: 'CONFLICT', path: '', message: err.message }] };
        }
        throw err;
      }
    },
  },
  {
    name: 'IngestSourcePayload',
    description: 'What an ingest did, or why it wrote nothing.',
    outputFields: (t) => ({
      source: t.prismaField({
        type: SourceNode,
        nullable: true,
        description: 'The source as written; null in a dry run or when there are user errors.',
        resolve: (query, result, _args, ctx) =>
          result.slug && !result.dryRun ? ctx.prisma.source.findUnique({ ...query, where: { slug: result.slug } }) : null,
      }),
      dryRun: t.boolean({ resolve: (r) => r.dryRun, description: 'Whether nothing was written on purpose.' }),
      version: t.string({
        nullable: true,
        description: 'The source\'s version after the ingest: pass it as `expectedVersion` to the next ingest of this source.',
        resolve: (r) => r.version,
      }),
      counts: t.field({
        type: [TableCountType],
        description: 'What was done per table, then the total; empty when there are user errors.',
        resolve: (r) =>
          r.report ? [...Object.entries(r.report.byKind).map(([table, c]) => ({ table: table as Tallied, ...c })), { table: 'total' as const, ...r.report.total }] : [],
      }),
      keptCurated: t.field({
        type: [KeptCuratedField],
        description: 'Fields a curator set (updateEntity) that the ingest kept over the file\'s differing values (each recorded once in the change log as a KEEP entry); pass `overwriteCurated: true` to write the file\'s.',
        resolve: (r) => r.report?.keptCurated ?? [],
      }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);
