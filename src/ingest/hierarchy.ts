// Parent hierarchies are trees: a customs office under offices, an industry
// under industries, never its own ancestor. A file may close a cycle by
// itself (a under b, b under a) or through the graph (its office under one
// another source placed below it), so the check walks up the parents each
// entity will have once the file is written: the file's for what it defines,
// the stored ones above.
import { Prisma } from '../generated/prisma/client.ts';
import { allAttributes } from '../domain/kinds.ts';
import { attributesOf } from './attributes.ts';
import type { KnowledgeFile } from './knowledge-format.ts';
import type { Problem } from './plan.ts';

type Tx = Prisma.TransactionClient;

/** The attributes that name a parent, and what a member of each hierarchy is called. */
export const PARENT_ATTRIBUTES: Readonly<Record<string, string>> = Object.fromEntries(
  allAttributes().flatMap(({ kind, name, attribute: a }) => (a.type === 'reference' && a.kind === kind ? [[name, a.member]] : [])),
);


/** The parent slugs a file's entities name. */
export function parentsNamed(file: KnowledgeFile): string[] {
  return file.entities.flatMap((e) => {
    const a = attributesOf(e);
    return Object.keys(PARENT_ATTRIBUTES).flatMap((k) => (a[k] === undefined ? [] : [a[k]]));
  });
}

/** Stored child -> parent slugs, from the given entities up to the roots of their hierarchies. */
export async function storedAncestry(tx: Tx, slugs: string[]): Promise<Map<string, string>> {
  if (slugs.length === 0) return new Map();
  // UNION (not UNION ALL) ends the walk even on a cycle stored before cycles were refused.
  const rows = await tx.$queryRaw<Array<{ child: string; parent: string }>>(Prisma.sql`
    WITH RECURSIVE up (id, parent_id) AS (
      SELECT e.id, coalesce(c.parent_office_id, i.parent_industry_id)
      FROM entity e
      LEFT JOIN customs_office c ON c.entity_id = e.id
      LEFT JOIN industry i ON i.entity_id = e.id
      WHERE e.slug = ANY(${slugs}::text[])
      UNION
      SELECT p.id, coalesce(c.parent_office_id, i.parent_industry_id)
      FROM up
      JOIN entity p ON p.id = up.parent_id
      LEFT JOIN customs_office c ON c.entity_id = p.id
      LEFT JOIN industry i ON i.entity_id = p.id
    )
    SELECT child.slug AS child, parent.slug AS parent
    FROM up JOIN entity child ON child.id = up.id JOIN entity parent ON parent.id = up.parent_id`);
  return new Map(rows.map((r) => [r.child, r.parent]));
}

/**
 * A problem for each cycle the file's parents would close, at the parent
 * attribute of its first entity in the file. Entities another source defines
 * keep their stored parent. Linear: each entity is walked through once, and
 * every parent has at most one parent, so a walk that meets itself has found
 * a cycle.
 */
export function hierarchyCycles(
  file: KnowledgeFile,
  stored: ReadonlyMap<string, string>,
  definedElsewhere: { has(slug: string): boolean },
): Problem[] {
  const parents = new Map(stored);
  const places = new Map<string, { index: number; path: string; noun: string }>();
  file.entities.forEach((e, i) => {
    if (definedElsewhere.has(e.slug)) return;
    const a = attributesOf(e);
    const attribute = Object.keys(PARENT_ATTRIBUTES).find((k) => a[k] !== undefined);
    if (!attribute) {
      parents.delete(e.slug);
      return;
    }
    parents.set(e.slug, a[attribute]!);
    places.set(e.slug, { index: i, path: `entities[${i}].attributes.${attribute}`, noun: PARENT_ATTRIBUTES[attribute]! });
  });

  const problems: Problem[] = [];
  const walkOf = new Map<string, number>();
  let walk = 0;
  for (const start of places.keys()) {
    if (walkOf.has(start)) continue;
    walk++;
    const path: string[] = [];
    let at: string | undefined = start;
    for (; at !== undefined && !walkOf.has(at); at = parents.get(at)) {
      walkOf.set(at, walk);
      path.push(at);
    }
    if (at === undefined || walkOf.get(at) !== walk) continue; // reached a root, or a part walked before
    const cycle = path.slice(path.indexOf(at));
    // Its own parent is reported by the plan's simpler check; a cycle with no entity of this file was there before.
    const firstInFile = cycle.filter((s) => places.has(s)).sort((x, y) => places.get(x)!.index - places.get(y)!.index)[0];
    if (cycle.length < 2 || firstInFile === undefined) continue;
    const from = cycle.indexOf(firstInFile);
    const round = [...cycle.slice(from), ...cycle.slice(0, from), firstInFile];
    const place = places.get(firstInFile)!;
    problems.push({
      path: place.path,
      message: `${round.map((s) => `"${s}"`).join(' → ')} is a cycle: ${place.noun} cannot be its own ancestor`,
    });
  }
  return problems;
}
