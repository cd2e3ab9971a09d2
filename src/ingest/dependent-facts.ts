// Facts of other sources that rely on a definition. The defining source's
// file may change its definitions, but not so that another source's facts
// break: a metric whose new unit kind does not measure the units other
// sources report it in, or an entity whose new kind their relations'
// predicates, their attributions (statedBy) or their entities' parents do not
// allow. Each is refused at its place, naming the source to change first.
// Only a change of kind or unit kind is looked up, so an ordinary re-ingest
// costs nothing here.
import { predicateViolation } from '../domain/predicates.ts';
import { UNIT_KIND } from '../domain/units.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { EntityKind, Predicate, Unit } from '../generated/prisma/enums.ts';
import type { KnowledgeFile } from './knowledge-format.ts';
import { definedElsewhere, type StoredDefinitions } from './ownership.ts';
import { STATED_BY_KINDS, type Problem } from './plan.ts';

type Tx = Prisma.TransactionClient;

const PARENT_KIND: Record<string, { kind: EntityKind; attribute: string }> = {
  customs_office: { kind: 'CUSTOMS_OFFICE', attribute: 'parentOffice' },
  industry: { kind: 'INDUSTRY', attribute: 'parentIndustry' },
};

export async function brokenDependents(tx: Tx, file: KnowledgeFile, stored: StoredDefinitions): Promise<Problem[]> {
  const source = file.source.slug;
  const problems: Problem[] = [];

  const metricChanges = file.metrics.flatMap((m, i) => {
    const old = stored.metrics.get(m.slug);
    return old && !definedElsewhere(old, source) && old.unitKind !== m.unitKind ? [{ i, slug: m.slug, unitKind: m.unitKind }] : [];
  });
  if (metricChanges.length > 0) {
    const units = await tx.$queryRaw<Array<{ metric: string; unit: Unit; source: string }>>(Prisma.sql`
      SELECT m.slug AS metric, o.unit::text AS unit, min(s.slug) AS source
      FROM metric m JOIN observation o ON o.metric_id = m.id JOIN source s ON s.id = o.source_id
      WHERE m.slug = ANY(${metricChanges.map((c) => c.slug)}::text[]) AND s.slug <> ${source}
      GROUP BY 1, 2 ORDER BY 1, 2`);
    for (const c of metricChanges) {
      const clash = units.find((u) => u.metric === c.slug && UNIT_KIND[u.unit] !== c.unitKind);
      if (clash) {
        problems.push({
          path: `metrics[${c.i}].unitKind`,
          message: `source "${clash.source}" reports "${c.slug}" in ${clash.unit}, which a ${c.unitKind} metric does not measure: change that source's file first`,
        });
      }
    }
  }

  const kindChanges = new Map(
    file.entities.flatMap((e, i) => {
      const old = stored.entities.get(e.slug);
      return old && !definedElsewhere(old, source) && old.kind !== e.kind ? [[e.slug, { i, kind: e.kind }] as const] : [];
    }),
  );
  if (kindChanges.size === 0) return problems;
  const slugs = [...kindChanges.keys()];
  const newKinds = new Map(file.entities.map((e) => [e.slug, e.kind]));
  const [relations, attributions, children] = await Promise.all([
    tx.$queryRaw<Array<{ entity: string; predicate: Predicate; subject: boolean; far: string; far_kind: EntityKind; source: string }>>(Prisma.sql`
      SELECT e.slug AS entity, r.predicate::text AS predicate, r.subject_id = e.id AS subject,
             far.slug AS far, far.kind::text AS far_kind, min(s.slug) AS source
      FROM entity e
      JOIN relation r ON r.subject_id = e.id OR r.object_id = e.id
      JOIN entity far ON far.id = CASE WHEN r.subject_id = e.id THEN r.object_id ELSE r.subject_id END
      JOIN source s ON s.id = r.source_id
      WHERE e.slug = ANY(${slugs}::text[]) AND s.slug <> ${source}
      GROUP BY 1, 2, 3, 4, 5`),
    tx.$queryRaw<Array<{ entity: string; source: string }>>(Prisma.sql`
      SELECT e.slug AS entity, min(s.slug) AS source
      FROM entity e JOIN observation o ON o.stated_by_id = e.id JOIN source s ON s.id = o.source_id
      WHERE e.slug = ANY(${slugs}::text[]) AND s.slug <> ${source}
      GROUP BY 1`),
    tx.$queryRaw<Array<{ entity: string; hierarchy: string; child: string; source: string }>>(Prisma.sql`
      SELECT e.slug AS entity, 'customs_office' AS hierarchy, child.slug AS child, s.slug AS source
      FROM entity e JOIN customs_office c ON c.parent_office_id = e.id JOIN entity child ON child.id = c.entity_id
      JOIN source s ON s.id = child.defined_by_source_id
      WHERE e.slug = ANY(${slugs}::text[]) AND s.slug <> ${source}
      UNION ALL
      SELECT e.slug, 'industry', child.slug, s.slug
      FROM entity e JOIN industry i ON i.parent_industry_id = e.id JOIN entity child ON child.id = i.entity_id
      JOIN source s ON s.id = child.defined_by_source_id
      WHERE e.slug = ANY(${slugs}::text[]) AND s.slug <> ${source}`),
  ]);

  // One problem per entity and kind of fact: a hub may have thousands of relations.
  const reported = new Set<string>();
  const refuse = (slug: string, facts: string, message: string) => {
    if (reported.has(`${slug}|${facts}`)) return;
    reported.add(`${slug}|${facts}`);
    problems.push({ path: `entities[${kindChanges.get(slug)!.i}].kind`, message: `${message}: change that source's file first` });
  };
  for (const r of relations) {
    const kind = kindChanges.get(r.entity)!.kind;
    const farKind = newKinds.get(r.far) ?? r.far_kind;
    const violation = r.subject ? predicateViolation(r.predicate, kind, farKind) : predicateViolation(r.predicate, farKind, kind);
    if (violation) refuse(r.entity, 'relations', `source "${r.source}" relates "${r.entity}" ${r.predicate} ${r.subject ? 'to' : 'from'} "${r.far}", and ${violation}`);
  }
  for (const a of attributions) {
    if (!STATED_BY_KINDS.includes(kindChanges.get(a.entity)!.kind)) {
      refuse(a.entity, 'statedBy', `source "${a.source}" has "${a.entity}" state figures, which only a ${STATED_BY_KINDS.join(', ')} does`);
    }
  }
  for (const c of children) {
    const { kind: parentKind, attribute } = PARENT_KIND[c.hierarchy]!;
    if (kindChanges.get(c.entity)!.kind !== parentKind) {
      refuse(c.entity, 'children', `source "${c.source}" places "${c.child}" under it (${attribute}), which needs a ${parentKind}`);
    }
  }
  return problems;
}
