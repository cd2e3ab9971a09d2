// Writes a knowledge file into the graph, all or nothing. The file is the
// truth for its source: facts the source backed before but the file no longer
// states are retracted (kept, with who and why: src/ingest/history.ts), and
// running the same file twice changes nothing.
import { KIND_MODELS, modelField } from '../domain/kind-models.ts';
import { lowerFirst } from '../domain/kinds.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { attributesOf, DETAIL_RELATIONS, DETAILS, type DetailsRow, type DetailsSpec } from './attributes.ts';
import { brokenDependents } from './dependent-facts.ts';
import { beginSourceWrite, type ChangeActor, cliActor, deletableEvidence, retractDropped, reviveRetracted } from './history.ts';
import { CuratedFields, type KeptField } from './curated.ts';
import { parentsNamed, storedAncestry } from './hierarchy.ts';
import type { EntityInput } from './knowledge-format.ts';
import { definedElsewhere, definitionsElsewhere, loadDefinitions, restatementProblems, type StoredDefinitions } from './ownership.ts';
import { type IngestPlan, planIngest, type Problem, referencedSlugs } from './plan.ts';
import { IngestError, readKnowledgeFile, type LoadedKnowledge } from './read.ts';
import { BATCH, canonDecimal, inBatches, same } from './rows.ts';

type Tx = Prisma.TransactionClient;

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

const TALLIED = ['source', 'metrics', 'entities', 'mentions', 'evidence', 'relations', 'observations'] as const;
export type Tallied = (typeof TALLIED)[number];

export interface IngestReport {
  source: string;
  byKind: Record<Tallied, Tally>;
  total: Tally;
  /** Fields a curator set that the ingest kept over the file's values. */
  keptCurated: KeptField[];
  ms: number;
}

export interface IngestOptions {
  /** Called as each phase advances, for progress output on large files. */
  onProgress?: (phase: string, done: number, total: number) => void;
  maxBytes?: number;
  /** A folder besides the knowledge file's own where source texts may lie (TRADEGRAPH_SOURCES_ROOT). */
  sourcesRoot?: string | undefined;
  /** Longest the whole transaction may take. */
  timeoutMs?: number;
  /** Validate and count, then roll back. */
  dryRun?: boolean;
  /** Who the change log records the ingest as (the command line's user by default). */
  actor?: ChangeActor;
  /** The source's version the writer edited (Source.version): a source changed since is a conflict. */
  expectedVersion?: string | null;
  /** Write the file's values over fields a curator set (updateEntity); by default those are kept (src/ingest/curated.ts). */
  overwriteCurated?: boolean;
}

class DryRunRollback extends Error {}

/** Serialises ingests: two at once could both create the same slug. */
export const INGEST_LOCK = 84_211_002;

export async function ingestKnowledgeFile(
  prisma: PrismaClient,
  filePath: string,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const loaded = await readKnowledgeFile(filePath, options);
  return ingestKnowledge(prisma, loaded, filePath, options);
}

export async function ingestKnowledge(
  prisma: PrismaClient,
  loaded: LoadedKnowledge,
  shownAs: string,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const started = Date.now();
  const byKind = Object.fromEntries(
    TALLIED.map((k) => [k, { created: 0, updated: 0, unchanged: 0, deleted: 0 }]),
  ) as Record<Tallied, Tally>;

  const curated = new CuratedFields(options.overwriteCurated ?? false);
  const run = prisma.$transaction(
    async (tx) => {
      // Another write to this source is a conflict; writes to other sources wait their turn below.
      await beginSourceWrite(tx, loaded.file.source.slug, options.actor ?? cliActor('ingest'), options.expectedVersion);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`;
      const { file } = loaded;
      const refs = referencedSlugs(file);
      const [knownEntities, knownMetrics, stored, parents] = await Promise.all([
        tx.entity.findMany({ where: { slug: { in: [...refs.entities] } }, select: { slug: true, kind: true } }),
        tx.metric.findMany({ where: { slug: { in: [...refs.metrics] } }, select: { slug: true, unitKind: true } }),
        loadDefinitions(tx, file),
        storedAncestry(tx, parentsNamed(file)),
      ]);
      const planned = planIngest(file, loaded.text, {
        entityKinds: new Map(knownEntities.map((e) => [e.slug, e.kind])),
        metricUnitKinds: new Map(knownMetrics.map((m) => [m.slug, m.unitKind])),
        definedElsewhere: definitionsElsewhere(stored, file.source.slug),
        parents,
      });
      const problems = [
        ...(planned.ok ? [] : planned.problems),
        ...restatementProblems(file, stored),
        ...(await brokenDependents(tx, file, stored)),
        ...(await codesTakenElsewhere(tx, file.entities)),
      ];
      if (!planned.ok || problems.length > 0) throw new IngestError(shownAs, problems);
      await write(tx, planned.plan, stored, loaded.textSha256, byKind, options.onProgress ?? (() => undefined), curated);
      if (options.dryRun) throw new DryRunRollback();
    },
    { maxWait: 10_000, timeout: options.timeoutMs ?? 30 * 60_000 },
  );
  await run.catch((err: unknown) => {
    if (!(err instanceof DryRunRollback)) throw err;
  });

  const total = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const t of Object.values(byKind)) {
    total.created += t.created;
    total.updated += t.updated;
    total.unchanged += t.unchanged;
    total.deleted += t.deleted;
  }
  return { source: loaded.file.source.slug, byKind, total, keptCurated: curated.kept, ms: Date.now() - started };
}

/** Unique attributes (an airport's codes) of each kind, from the data model. */
const UNIQUE_ATTRIBUTES = KIND_MODELS.flatMap((m) => {
  const fields = m.attributes.filter((a) => a.attribute.type !== 'reference' && modelField(m.model, a.field)?.isUnique).map((a) => a.field);
  return fields.length ? [{ kind: m.kind, delegate: lowerFirst(m.model), fields }] : [];
});

type Holder = Record<string, unknown> & { entity: { slug: string } };

/** Unique attributes such as airport codes: a file may not give another entity's code (or one code twice). */
async function codesTakenElsewhere(tx: Tx, entities: EntityInput[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { kind, delegate, fields } of UNIQUE_ATTRIBUTES) {
    const claimed = new Map<string, string>();
    const wanted: Array<{ field: string; code: string; slug: string; path: string }> = [];
    entities.forEach((e, i) => {
      if (e.kind !== kind) return;
      for (const field of fields) {
        const code = attributesOf(e)[field];
        if (!code) continue;
        const path = `entities[${i}].attributes.${field}`;
        const other = claimed.get(`${field}:${code}`);
        if (other) problems.push({ path, message: `${code} is also given to "${other}" in this file` });
        claimed.set(`${field}:${code}`, e.slug);
        wanted.push({ field, code, slug: e.slug, path });
      }
    });
    if (wanted.length === 0) continue;
    const codes = wanted.map((w) => w.code);
    const holders: Holder[] = await (tx as unknown as Record<string, { findMany(args: object): Promise<Holder[]> }>)[delegate]!.findMany({
      where: { OR: fields.map((f) => ({ [f]: { in: codes } })) },
      select: { ...Object.fromEntries(fields.map((f) => [f, true])), entity: { select: { slug: true } } },
    });
    for (const w of wanted) {
      const holder = holders.find((h) => h[w.field] === w.code && h.entity.slug !== w.slug);
      if (holder) problems.push({ path: w.path, message: `${w.code} is already the code of "${holder.entity.slug}"` });
    }
  }
  return problems;
}

async function write(
  tx: Tx,
  plan: IngestPlan,
  stored: StoredDefinitions,
  textSha256: string,
  tally: Record<Tallied, Tally>,
  progress: (phase: string, done: number, total: number) => void,
  curated: CuratedFields,
) {
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

  // Evidence: one row per distinct passage of this source.
  const quotes = new Map<string, { quote: string; start: number; end: number }>();
  const at = (q: { start: number; end: number }) => `${q.start}:${q.end}`;
  for (const e of plan.entities) for (const m of e.mentions) quotes.set(at(m), m);
  for (const r of plan.relations) quotes.set(at(r.evidence), r.evidence);
  for (const o of plan.observations) quotes.set(at(o.evidence), o.evidence);
  const oldEvidence = await tx.evidence.findMany({ where: { sourceId } });
  const evidenceIds = new Map<string, number>();
  const staleEvidence: number[] = [];
  for (const ev of oldEvidence) {
    const wanted = quotes.get(at({ start: ev.startOffset, end: ev.endOffset }));
    if (!wanted) staleEvidence.push(ev.id);
    else {
      evidenceIds.set(at(wanted), ev.id);
      if (wanted.quote === ev.quote) tally.evidence.unchanged++;
      else {
        await tx.evidence.update({ where: { id: ev.id }, data: { quote: wanted.quote } });
        tally.evidence.updated++;
      }
    }
  }
  const newQuotes = [...quotes.values()].filter((q) => !evidenceIds.has(at(q)));
  await inBatches(newQuotes, async (batch) => {
    const rows = await tx.evidence.createManyAndReturn({
      data: batch.map((q) => ({ sourceId, quote: q.quote, startOffset: q.start, endOffset: q.end })),
      select: { id: true, startOffset: true, endOffset: true },
    });
    for (const r of rows) evidenceIds.set(at({ start: r.startOffset, end: r.endOffset }), r.id);
  });
  tally.evidence.created += newQuotes.length;
  const evidenceId = (q: { start: number; end: number }) => evidenceIds.get(at(q))!;

  // Mentions.
  const wantedMentions = new Set(plan.entities.flatMap((e) => e.mentions.map((m) => `${id(e.input.slug)}:${evidenceId(m)}`)));
  const oldMentions = await tx.entityMention.findMany({ where: { evidence: { sourceId } } });
  const staleMentions = oldMentions.filter((m) => !wantedMentions.has(`${m.entityId}:${m.evidenceId}`));
  for (const m of oldMentions) wantedMentions.delete(`${m.entityId}:${m.evidenceId}`);
  tally.mentions.unchanged += oldMentions.length - staleMentions.length;
  const newMentions = [...wantedMentions].map((k) => {
    const [entityId, evId] = k.split(':').map(Number);
    return { entityId: entityId!, evidenceId: evId! };
  });
  await inBatches(newMentions, (batch) => tx.entityMention.createMany({ data: batch }));
  tally.mentions.created += newMentions.length;
  await inBatches(staleMentions, (batch) =>
    tx.entityMention.deleteMany({ where: { OR: batch.map((m) => ({ entityId: m.entityId, evidenceId: m.evidenceId })) } }),
  );
  tally.mentions.deleted += staleMentions.length;

  // Relations, keyed by subject, predicate, object and role within this source.
  const relationKey = (r: { subjectId: number; predicate: string; objectId: number; role: string | null }) =>
    `${r.subjectId}|${r.predicate}|${r.objectId}|${r.role ?? ''}`;
  const oldRelations = new Map(
    (await tx.relation.findMany({ where: { sourceId } })).map((r) => [relationKey(r), r]),
  );
  const newRelations = [];
  for (const [i, r] of plan.relations.entries()) {
    const row = {
      subjectId: id(r.subject),
      predicate: r.predicate,
      objectId: id(r.object),
      role: r.role,
      validFrom: r.validFrom,
      validTo: r.validTo,
      basis: r.basis,
      note: r.note,
      evidenceId: evidenceId(r.evidence),
      sourceId,
    };
    const key = relationKey(row);
    const old = oldRelations.get(key);
    oldRelations.delete(key);
    if (!old) newRelations.push(row);
    else if (same(row, old)) tally.relations.unchanged++;
    else {
      await tx.relation.update({ where: { id: old.id }, data: row });
      tally.relations.updated++;
    }
    if (i % BATCH === 0) progress('relations', i, plan.relations.length);
  }
  // Facts retracted before and stated again: restored, unless a curator retracted them.
  const relations = await reviveRetracted(tx, 'relation', sourceId, newRelations, relationKey);
  for (const row of newRelations) {
    const restoredId = relations.restored.get(relationKey(row));
    if (restoredId !== undefined) await tx.relation.update({ where: { id: restoredId }, data: row });
  }
  await inBatches(relations.toCreate, (batch) => tx.relation.createMany({ data: batch }), (done) => progress('relations', done, relations.toCreate.length));
  tally.relations.created += relations.toCreate.length + relations.restored.size;
  tally.relations.unchanged += relations.keptRetracted;
  // Facts the file no longer states are retracted (kept, with why), not deleted.
  const staleRelations = [...oldRelations.values()].map((r) => r.id);
  tally.relations.deleted += await retractDropped(tx, 'relation', staleRelations, src.slug);

  // Observations, keyed by metric, subject, scope and period within this source.
  const observationKey = (o: { metricId: number; subjectId: number; scopeId: number | null; periodStart: Date; periodEnd: Date }) =>
    `${o.metricId}|${o.subjectId}|${o.scopeId ?? ''}|${o.periodStart.toISOString()}|${o.periodEnd.toISOString()}`;
  const oldObservations = new Map(
    (await tx.observation.findMany({ where: { sourceId } })).map((o) => [observationKey(o), o]),
  );
  const newObservations = [];
  for (const [i, o] of plan.observations.entries()) {
    const row = {
      metricId: metricIds.get(o.metric)!,
      subjectId: id(o.subject),
      scopeId: o.scope ? id(o.scope) : null,
      statedById: o.statedBy ? id(o.statedBy) : null,
      value: canonDecimal(o.value),
      unit: o.unit,
      periodStart: o.periodStart,
      periodEnd: o.periodEnd,
      periodLabel: o.periodLabel,
      changeBasis: o.change?.basis ?? null,
      changeValue: o.change ? canonDecimal(o.change.value) : null,
      changeUnit: o.change?.unit ?? null,
      changeBenchmark: o.change?.benchmark ?? null,
      note: o.note,
      evidenceId: evidenceId(o.evidence),
      sourceId,
    };
    const key = observationKey(row);
    const old = oldObservations.get(key);
    oldObservations.delete(key);
    if (!old) newObservations.push(row);
    else if (same(row, old)) tally.observations.unchanged++;
    else {
      await tx.observation.update({ where: { id: old.id }, data: row });
      tally.observations.updated++;
    }
    if (i % BATCH === 0) progress('observations', i, plan.observations.length);
  }
  const observations = await reviveRetracted(tx, 'observation', sourceId, newObservations, observationKey);
  for (const row of newObservations) {
    const restoredId = observations.restored.get(observationKey(row));
    if (restoredId !== undefined) await tx.observation.update({ where: { id: restoredId }, data: row });
  }
  await inBatches(observations.toCreate, (batch) => tx.observation.createMany({ data: batch }), (done) => progress('observations', done, observations.toCreate.length));
  tally.observations.created += observations.toCreate.length + observations.restored.size;
  tally.observations.unchanged += observations.keptRetracted;
  const staleObservations = [...oldObservations.values()].map((o) => o.id);
  tally.observations.deleted += await retractDropped(tx, 'observation', staleObservations, src.slug);

  // Passages no fact of this source quotes any more, current or retracted.
  const deletable = await deletableEvidence(tx, staleEvidence);
  await inBatches(deletable, (batch) => tx.evidence.deleteMany({ where: { id: { in: batch } } }));
  tally.evidence.deleted += deletable.length;
}
