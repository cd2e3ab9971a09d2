// Ownership of definitions. An entity or metric belongs to the source whose
// knowledge file defined it (defined_by_source_id). Another source's file may
// list it, to mention it and add facts about it, but what it states of the
// definition must be the definition:
//   - an entity's kind and name (the format requires them) always;
//   - its aliases, description and each attribute when given; left out (or
//     aliases empty), they mean "as defined";
//   - a metric's name and unit kind always, its description when given.
// Anything else is a restatement, refused at its place in the file with how to
// change a definition: in the defining source's own file (a curation API will
// come later). The defining source's file updates its definitions freely; a
// definition whose source was deleted (NULL) is claimed by the next file that
// gives it.
import { isoDate } from '../domain/period.ts';
import type { EntityKind, UnitKind } from '../generated/prisma/enums.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { attributesOf, DETAIL_RELATIONS, DETAILS, givenAttributeColumns } from './attributes.ts';
import type { KnowledgeFile } from './knowledge-format.ts';
import type { Problem } from './plan.ts';
import { inBatches, same } from './rows.ts';

type Tx = Prisma.TransactionClient;

const includeDefinition = {
  definedBy: { select: { slug: true } },
  ...(Object.fromEntries(DETAIL_RELATIONS.map((r) => [r, true])) as Record<(typeof DETAIL_RELATIONS)[number], true>),
} as const;

async function findEntities(tx: Tx, slugs: string[]) {
  return tx.entity.findMany({ where: { slug: { in: slugs } }, include: includeDefinition });
}

export type StoredEntity = Awaited<ReturnType<typeof findEntities>>[number];

async function findMetrics(tx: Tx, slugs: string[]) {
  return tx.metric.findMany({ where: { slug: { in: slugs } }, include: { definedBy: { select: { slug: true } } } });
}

export type StoredMetric = Awaited<ReturnType<typeof findMetrics>>[number];

/** The stored definitions of what a file lists, with the slugs of the entities their attributes and the file's refer to. */
export interface StoredDefinitions {
  entities: Map<string, StoredEntity>;
  metrics: Map<string, StoredMetric>;
  /** Ids of the entities the file's attributes name, and slugs of the entities stored attributes point at. */
  ids: Map<string, number>;
  slugs: Map<number, string>;
}

export async function loadDefinitions(tx: Tx, file: KnowledgeFile): Promise<StoredDefinitions> {
  const entities = new Map<string, StoredEntity>();
  await inBatches(
    file.entities.map((e) => e.slug),
    async (batch) => {
      for (const e of await findEntities(tx, batch)) entities.set(e.slug, e);
    },
  );
  const metrics = new Map((await findMetrics(tx, file.metrics.map((m) => m.slug))).map((m) => [m.slug, m]));

  // Attributes refer to entities by slug in the file and by id in the graph: load both ways for the entities of restatements.
  const restated = file.entities.filter((e) => definedElsewhere(entities.get(e.slug), file.source.slug));
  const referencedSlugs: string[] = [];
  for (const e of restated) {
    // Mapping the attributes asks for the id of every slug they name.
    givenAttributeColumns(e, (slug) => {
      referencedSlugs.push(slug);
      return -1;
    });
  }
  const referencedIds = restated.flatMap((e) => {
    const stored = entities.get(e.slug)!;
    return DETAIL_RELATIONS.flatMap((r) =>
      Object.entries((stored[r] as Record<string, unknown> | null) ?? {})
        .filter(([field, v]) => field !== 'entityId' && field.endsWith('Id') && typeof v === 'number')
        .map(([, v]) => v as number),
    );
  });
  const found =
    restated.length === 0
      ? []
      : await tx.entity.findMany({
          where: { OR: [{ slug: { in: referencedSlugs } }, { id: { in: referencedIds } }] },
          select: { id: true, slug: true },
        });
  return { entities, metrics, ids: new Map(found.map((e) => [e.slug, e.id])), slugs: new Map(found.map((e) => [e.id, e.slug])) };
}

/** Whether a stored definition belongs to a source other than this one (an unowned one belongs to whoever gives it next). */
export function definedElsewhere(stored: { definedBy: { slug: string } | null } | undefined, source: string): boolean {
  return stored?.definedBy != null && stored.definedBy.slug !== source;
}

/** What planIngest takes from definitions owned elsewhere: the stored kinds, aliases and unit kinds apply. */
export function definitionsElsewhere(stored: StoredDefinitions, source: string) {
  const entities = new Map<string, { kind: EntityKind; aliases: string[] }>();
  for (const e of stored.entities.values()) if (definedElsewhere(e, source)) entities.set(e.slug, { kind: e.kind, aliases: e.aliases });
  const metrics = new Map<string, UnitKind>();
  for (const m of stored.metrics.values()) if (definedElsewhere(m, source)) metrics.set(m.slug, m.unitKind);
  return { entities, metrics };
}

const shown = (v: unknown): string =>
  v === null || v === undefined ? 'none' : v instanceof Date ? isoDate(v) : typeof v === 'string' ? JSON.stringify(v) : String(v);

function restatementMessage(slug: string, definer: string, what: string, optional: string): string {
  return (
    `"${slug}" is defined by source "${definer}" with ${what}. A definition belongs to the source that made it: ` +
    `to change it, edit that source's knowledge file and ingest it again (a curation API will come later). ` +
    `Another file may mention it and add facts about it, giving its definition unchanged or leaving out ${optional}.`
  );
}

/** Every place where the file restates, differently, an entity or metric another source defines. */
export function restatementProblems(file: KnowledgeFile, stored: StoredDefinitions): Problem[] {
  const problems: Problem[] = [];
  const source = file.source.slug;
  file.entities.forEach((e, i) => {
    const old = stored.entities.get(e.slug);
    if (!old || !definedElsewhere(old, source)) return;
    const differs = (field: string, what: string) =>
      problems.push({ path: `entities[${i}].${field}`, message: restatementMessage(e.slug, old.definedBy!.slug, what, 'aliases, description and attributes') });
    if (e.kind !== old.kind) differs('kind', `kind ${old.kind}, not ${e.kind}`);
    if (e.name !== old.name) differs('name', `name ${shown(old.name)}, not ${shown(e.name)}`);
    if (e.aliases.length > 0 && !sameSet(e.aliases, old.aliases)) {
      differs('aliases', `aliases ${JSON.stringify(old.aliases)}, not ${JSON.stringify(e.aliases)}`);
    }
    if (e.description !== undefined && e.description !== old.description) {
      differs('description', `description ${clip(shown(old.description))}, not ${clip(shown(e.description))}`);
    }
    const spec = DETAILS[e.kind];
    if (e.kind !== old.kind || !spec) return;
    const had = (old[spec.relation] as Record<string, unknown> | null) ?? {};
    for (const c of givenAttributeColumns(e, (slug) => stored.ids.get(slug) ?? -1)) {
      const defined = had[c.field] ?? null;
      if (same({ v: c.value }, { v: defined })) continue;
      const definedShown = c.field.endsWith('Id') && typeof defined === 'number' ? shown(stored.slugs.get(defined)) : shown(defined);
      differs(`attributes.${c.attribute}`, `attributes.${c.attribute} ${definedShown}, not ${shown(attributesOf(e)[c.attribute])}`);
    }
  });
  file.metrics.forEach((m, i) => {
    const old = stored.metrics.get(m.slug);
    if (!old || !definedElsewhere(old, source)) return;
    const differs = (field: string, what: string) =>
      problems.push({ path: `metrics[${i}].${field}`, message: restatementMessage(m.slug, old.definedBy!.slug, what, 'its description') });
    if (m.name !== old.name) differs('name', `name ${shown(old.name)}, not ${shown(m.name)}`);
    if (m.unitKind !== old.unitKind) differs('unitKind', `unitKind ${old.unitKind}, not ${m.unitKind}`);
    if (m.description !== undefined && m.description !== old.description) {
      differs('description', `description ${clip(shown(old.description))}, not ${clip(shown(m.description))}`);
    }
  });
  return problems;
}

const sameSet = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max)}..."` : s);
