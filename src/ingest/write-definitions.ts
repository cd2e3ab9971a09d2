// The definitions a knowledge file writes before its facts: its source row,
// the metrics and entities it defines (with their typed attributes), and the
// ids of every slug the facts refer to. Definitions another source owns are
// only mentioned, never rewritten (src/ingest/ownership.ts); fields a curator
// set are kept (src/ingest/curated.ts).
import type { Prisma } from '../generated/prisma/client.ts';
import { attributesOf, DETAIL_RELATIONS, DETAILS, type DetailsRow, type DetailsSpec } from './attributes.ts';
import type { CuratedFields } from './curated.ts';
import { definedElsewhere, type StoredDefinitions } from './ownership.ts';
import { type IngestPlan, referencedSlugs } from './plan.ts';
import { inBatches, same } from './rows.ts';
import type { Tallied, Tally } from './tally.ts';

type Tx = Prisma.TransactionClient;

export interface WrittenDefinitions {
  sourceId: number;
  metricIds: Map<string, number>;
  /** The id of an entity the file defines or refers to. */
  entityId: (slug: string) => number;
}

export async function writeDefinitions(
  tx: Tx,
  plan: IngestPlan,
  stored: StoredDefinitions,
  textSha256: string,
  tally: Record<Tallied, Tally>,
  progress: (phase: string, done: number, total: number) => void,
  curated: CuratedFields,
): Promise<WrittenDefinitions> {
  const { file } = plan;

  // Source.
  const src = file.source;
  const sourceRow = {
    title: src.title,
    publisher: src.publisher ?? null,
    publishedOn: new Date(`${src.publishedOn}T00:00:00Z`),
    editors: src.editors,
    language: src.language,
    url: src.url ?? null,
    textSha256,
  };
  const existingSource = await tx.source.findUnique({ where: { slug: src.slug }, omit: { text: true } });
  let sourceId: number;
  if (!existingSource) {
    sourceId = (await tx.source.create({ data: { slug: src.slug, ...sourceRow, text: plan.text }, select: { id: true } })).id;
    tally.source.created++;
  } else {
    sourceId = existingSource.id;
    if (same(sourceRow, existingSource)) tally.source.unchanged++;
    else {
      const textChanged = existingSource.textSha256 !== textSha256;
      await tx.source.update({ where: { id: sourceId }, data: { ...sourceRow, ...(textChanged ? { text: plan.text } : {}) } });
      tally.source.updated++;
    }
  }

  // Metrics: definitions of this source (or of none) are written, those of another source only mentioned.
  const newMetrics = [];
  for (const m of file.metrics) {
    const row = { name: m.name, description: m.description ?? null, unitKind: m.unitKind, definedBySourceId: sourceId };
    const old = stored.metrics.get(m.slug);
    if (!old) newMetrics.push({ slug: m.slug, ...row });
    else if (definedElsewhere(old, src.slug) || same(row, old)) tally.metrics.unchanged++;
    else {
      await tx.metric.update({ where: { id: old.id }, data: row });
      tally.metrics.updated++;
    }
  }
  await tx.metric.createMany({ data: newMetrics });
  tally.metrics.created += newMetrics.length;
  const metricIds = new Map(
    (await tx.metric.findMany({ where: { slug: { in: [...new Set(plan.observations.map((o) => o.metric))] } }, select: { slug: true, id: true } })).map((m) => [m.slug, m.id]),
  );

  // Entities: create the missing ones first, so attributes can refer to any of them.
  const existing = stored.entities;
  const created = plan.entities.filter((e) => !existing.has(e.input.slug)).map((e) => e.input);
  const entityIds = new Map<string, number>([...existing.values()].map((e) => [e.slug, e.id]));
  await inBatches(
    created,
    async (batch) => {
      const rows = await tx.entity.createManyAndReturn({
        data: batch.map((e) => ({
          slug: e.slug,
          kind: e.kind,
          name: e.name,
          aliases: e.aliases,
          description: e.description ?? null,
          definedBySourceId: sourceId,
        })),
        select: { id: true, slug: true },
      });
      for (const r of rows) entityIds.set(r.slug, r.id);
    },
    (done) => progress('entities', done, created.length),
  );
  tally.entities.created += created.length;
  const refs = referencedSlugs(file).entities;
  if (refs.size > 0) {
    for (const e of await tx.entity.findMany({ where: { slug: { in: [...refs] } }, select: { id: true, slug: true } })) {
      entityIds.set(e.slug, e.id);
    }
  }
  const id = (slug: string) => entityIds.get(slug)!;

  // Typed attributes of new entities, in one statement per kind.
  const newDetails = new Map<DetailsSpec, DetailsRow[]>();
  for (const e of created) {
    const spec = DETAILS[e.kind];
    if (spec) newDetails.set(spec, [...(newDetails.get(spec) ?? []), { entityId: id(e.slug), ...spec.row(attributesOf(e), id) }]);
  }
  for (const [spec, rows] of newDetails) await inBatches(rows, (batch) => spec.insert(tx, batch));

  // Existing entities this source defines (or claims): update what changed, including a change of
  // kind. Those another source defines are only mentioned (the ownership check found them as defined).
  // Fields a curator set are kept (src/ingest/curated.ts).
  await curated.load(tx, plan.entities.flatMap(({ input: e }) => {
    const old = existing.get(e.slug);
    return old && !definedElsewhere(old, src.slug) ? [old.id] : [];
  }));
  for (const { input: e } of plan.entities) {
    const old = existing.get(e.slug);
    if (!old) continue;
    if (definedElsewhere(old, src.slug)) {
      tally.entities.unchanged++;
      continue;
    }
    const base = { kind: e.kind, name: e.name, aliases: e.aliases, description: e.description ?? null, definedBySourceId: sourceId };
    const spec = DETAILS[e.kind];
    const wanted = spec ? spec.row(attributesOf(e), id) : null;
    const had = spec ? (old[spec.relation] as Record<string, unknown> | null) : null;
    await curated.keep(tx, { id: old.id, slug: e.slug, kind: e.kind, base, old, wanted, had });
    const strayDetails = DETAIL_RELATIONS.filter((r) => r !== spec?.relation && old[r] !== null);
    const detailsSame = wanted === null ? true : had !== null && same(wanted, had);
    if (same(base, old) && detailsSame && strayDetails.length === 0) {
      tally.entities.unchanged++;
      continue;
    }
    await tx.entity.update({
      where: { id: old.id },
      data: {
        ...base,
        ...Object.fromEntries(strayDetails.map((r) => [r, { delete: true }])),
        ...(spec && wanted ? { [spec.relation]: { upsert: { create: wanted, update: wanted } } } : {}),
      },
    });
    tally.entities.updated++;
  }
  return { sourceId, metricIds, entityId: id };
}
