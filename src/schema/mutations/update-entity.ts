// updateEntity: a curator's edit of an entity's name, aliases, description and
// attributes, held to the same rules as a knowledge file's entity of its kind
// (src/ingest/knowledge-format.ts) and recorded in the change log.
import { attributesOf, DETAILS, givenAttributeColumns } from '../../ingest/attributes.ts';
import { EntityInput } from '../../ingest/knowledge-format.ts';
import { recordAs } from '../../sql/history.ts';
import { builder } from '../builder.ts';
import { EntityInterface } from '../entity.ts';
import { decodeGlobalId } from '../scalars.ts';
import { curatorOf, recordChange } from './context.ts';
import { type UserError, userErrorsField } from './user-errors.ts';

interface UpdateResult {
  id: number | null;
  userErrors: UserError[];
}

const fail = (...userErrors: UserError[]): UpdateResult => ({ id: null, userErrors });

builder.relayMutationField(
  'updateEntity',
  {
    description: 'An entity and what to change of it; fields left out stay as they are.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The entity\'s global ID.' }),
      name: t.string({ description: 'Its name.' }),
      aliases: t.stringList({ description: 'All its other names (replaces the list).' }),
      description: t.string({ description: 'Its description.' }),
      attributes: t.field({
        type: 'JSON',
        description: 'Attributes of its kind, as a knowledge file gives them (e.g. `{"iataCode": "PEK"}`); those left out stay as they are.',
      }),
    }),
  },
  {
    description: 'Edits an entity with the rules of its kind. Needs a token with the CURATE scope.',
    resolve: async (_root, { input }, ctx): Promise<UpdateResult> => {
      const actor = curatorOf(ctx, 'updateEntity');
      let id: number;
      try {
        id = Number(decodeGlobalId(input.id).id);
      } catch {
        return fail({ code: 'NOT_FOUND', path: 'id', message: 'No entity has this ID.' });
      }
      const old = await ctx.prisma.entity.findUnique({ where: { id }, include: { definedBy: { select: { slug: true } } } });
      if (!old) return fail({ code: 'NOT_FOUND', path: 'id', message: 'No entity has this ID.' });
      const candidate = {
        kind: old.kind,
        slug: old.slug,
        name: input.name ?? old.name,
        aliases: input.aliases ?? old.aliases,
        ...((input.description ?? old.description) != null ? { description: input.description ?? old.description } : {}),
        ...(input.attributes != null ? { attributes: input.attributes } : {}),
        // The format asks for a mention; an edit adds none.
        mentions: [{ quote: old.name }],
      };
      const parsed = EntityInput.safeParse(candidate);
      if (!parsed.success) {
        return fail(...parsed.error.issues.map((i) => ({ code: 'INVALID' as const, path: i.path.map(String).join('.'), message: i.message })));
      }
      const named: string[] = [];
      givenAttributeColumns(parsed.data, (slug) => (named.push(slug), -1));
      const found = named.length ? await ctx.prisma.entity.findMany({ where: { slug: { in: named } }, select: { id: true, slug: true } }) : [];
      const ids = new Map(found.map((e) => [e.slug, e.id]));
      const missing = named.filter((slug) => !ids.has(slug));
      if (missing.length) return fail(...missing.map((slug) => ({ code: 'INVALID' as const, path: 'attributes', message: `No entity has the slug "${slug}".` })));
      const spec = DETAILS[old.kind];
      const columns = givenAttributeColumns(parsed.data, (slug) => ids.get(slug)!);
      const details =
        spec && input.attributes != null
          ? {
              [spec.relation]: {
                upsert: {
                  create: spec.row(attributesOf(parsed.data), (slug) => ids.get(slug)!),
                  update: Object.fromEntries(columns.map((c) => [c.field, c.value])),
                },
              },
            }
          : {};
      try {
        await ctx.prisma.$transaction(async (tx) => {
          await recordAs(tx, { ...actor, sourceSlug: old.definedBy?.slug ?? null });
          await tx.entity.update({
            where: { id },
            data: { name: parsed.data.name, aliases: parsed.data.aliases, description: parsed.data.description ?? null, ...details },
          });
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'P2002') return fail({ code: 'INVALID', path: 'attributes', message: 'Another entity has this code already.' });
        throw err;
      }
      recordChange(ctx, { sourceSlug: old.definedBy?.slug ?? null, origin: 'CURATION' });
      return { id, userErrors: [] };
    },
  },
  {
    name: 'UpdateEntityPayload',
    description: 'The entity as edited, or why nothing was.',
    outputFields: (t) => ({
      entity: t.prismaField({
        type: EntityInterface,
        nullable: true,
        description: 'The entity after the edit; null when there are user errors.',
        resolve: (query, r, _args, ctx) => (r.id === null ? null : ctx.prisma.entity.findUnique({ ...query, where: { id: r.id } })),
      }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);
