// Writes a knowledge file into the graph, all or nothing. The file is the
// truth for its source: facts the source backed before but the file no longer
// states are retracted (kept, with who and why: src/ingest/history.ts), and
// running the same file twice changes nothing.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { brokenDependents } from './dependent-facts.ts';
import { beginSourceWrite, type ChangeActor, cliActor, deletableEvidence } from './history.ts';
import { CuratedFields, type KeptField } from './curated.ts';
import { parentsNamed, storedAncestry } from './hierarchy.ts';
import { definitionsElsewhere, loadDefinitions, restatementProblems, type StoredDefinitions } from './ownership.ts';
import { type IngestPlan, planIngest, referencedSlugs } from './plan.ts';
import { IngestError, readKnowledgeFile, type LoadedKnowledge } from './read.ts';
import { canonDecimal, inBatches } from './rows.ts';
import { emptyTally, sumTallies, TALLIED, type Tallied, type Tally } from './tally.ts';
import { codesTakenElsewhere } from './unique-codes.ts';
import { writeDefinitions } from './write-definitions.ts';
import { writeEvidence } from './write-evidence.ts';
import { writeFacts } from './write-facts.ts';

type Tx = Prisma.TransactionClient;

export type { Tally, Tallied } from './tally.ts';

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
  const byKind = Object.fromEntries(TALLIED.map((k) => [k, emptyTally()])) as Record<Tallied, Tally>;

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

  return { source: loaded.file.source.slug, byKind, total: sumTallies(Object.values(byKind)), keptCurated: curated.kept, ms: Date.now() - started };
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
  const slug = plan.file.source.slug;
  const { sourceId, metricIds, entityId: id } = await writeDefinitions(tx, plan, stored, textSha256, tally, progress, curated);
  const { evidenceId, staleEvidence } = await writeEvidence(tx, plan, sourceId, id, tally);

  await writeFacts(tx, {
    table: 'relation',
    sourceId,
    sourceSlug: slug,
    tally: tally.relations,
    progress,
    // Keyed by subject, predicate, object and role within this source.
    keyOf: (r) => `${r.subjectId}|${r.predicate}|${r.objectId}|${r.role ?? ''}`,
    rows: plan.relations.map((r) => ({
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
    })),
  });

  await writeFacts(tx, {
    table: 'observation',
    sourceId,
    sourceSlug: slug,
    tally: tally.observations,
    progress,
    // Keyed by metric, subject, scope and period within this source.
    keyOf: (o) => `${o.metricId}|${o.subjectId}|${o.scopeId ?? ''}|${o.periodStart.toISOString()}|${o.periodEnd.toISOString()}`,
    rows: plan.observations.map((o) => ({
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
    })),
  });

  // Passages no fact of this source quotes any more, current or retracted.
  const deletable = await deletableEvidence(tx, staleEvidence);
  await inBatches(deletable, (batch) => tx.evidence.deleteMany({ where: { id: { in: batch } } }));
  tally.evidence.deleted += deletable.length;
}
