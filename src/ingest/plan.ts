// Checks a parsed knowledge file against its source text and the graph it
// will join, and turns it into a plan the loader can write without further
// checks: every reference resolved, every quote located, every figure exact.
// Pure: the database lookups it needs are passed in.
import type { EntityKind, Unit, UnitKind } from '../generated/prisma/enums.ts';
import { parseIsoDate, periodLabel } from '../domain/period.ts';
import { type Attribute, KINDS } from '../domain/kinds.ts';
import { predicateViolation } from '../domain/predicates.ts';
import { UNIT_KIND } from '../domain/units.ts';
import type { EntityInput, KnowledgeFile } from './knowledge-format.ts';
import { fitsDecimalColumn } from '../domain/decimal.ts';
import { numbersIn, parseQuantity } from './quantity.ts';
import { hierarchyCycles } from './hierarchy.ts';
import { createQuoteLocator } from './quotes.ts';

/** Kinds that may state a figure (an observation's statedBy). */
export const STATED_BY_KINDS: readonly EntityKind[] = ['PERSON', 'ORGANIZATION', 'CUSTOMS_OFFICE', 'REGION'];

export interface Problem {
  /** Where in the file, e.g. "observations[3].evidence.quote". */
  path: string;
  message: string;
}

export interface PlannedQuote {
  quote: string;
  start: number;
  end: number;
}

export interface PlannedEntity {
  input: EntityInput;
  mentions: PlannedQuote[];
}

export interface PlannedRelation {
  key: string;
  subject: string;
  predicate: KnowledgeFile['relations'][number]['predicate'];
  object: string;
  role: string | null;
  validFrom: Date | null;
  validTo: Date | null;
  basis: KnowledgeFile['relations'][number]['basis'];
  note: string | null;
  evidence: PlannedQuote;
}

export interface PlannedChange {
  basis: NonNullable<KnowledgeFile['observations'][number]['change']>['basis'];
  value: string;
  unit: Unit;
  benchmark: string | null;
}

export interface PlannedObservation {
  key: string;
  metric: string;
  subject: string;
  scope: string | null;
  statedBy: string | null;
  value: string;
  unit: Unit;
  periodStart: Date;
  periodEnd: Date;
  periodLabel: string;
  change: PlannedChange | null;
  note: string | null;
  evidence: PlannedQuote;
}

export interface IngestPlan {
  file: KnowledgeFile;
  text: string;
  entities: PlannedEntity[];
  relations: PlannedRelation[];
  observations: PlannedObservation[];
}

/** What the graph already holds for slugs the file references but does not define. */
export interface KnownGraph {
  entityKinds: ReadonlyMap<string, EntityKind>;
  metricUnitKinds: ReadonlyMap<string, UnitKind>;
  /**
   * Entities and metrics the file lists that another source defines (src/ingest/ownership.ts):
   * their stored kind, aliases and unit kind apply, whatever the file gives.
   */
  definedElsewhere?: {
    entities: ReadonlyMap<string, { kind: EntityKind; aliases: readonly string[] }>;
    metrics: ReadonlyMap<string, UnitKind>;
  };
  /** Stored child -> parent slugs above the parents the file names (src/ingest/hierarchy.ts). */
  parents?: ReadonlyMap<string, string>;
}

export type PlanResult = { ok: true; plan: IngestPlan } | { ok: false; problems: Problem[] };

/** Slugs a file refers to, so the caller can look up those it does not define. */
export function referencedSlugs(file: KnowledgeFile): { entities: Set<string>; metrics: Set<string> } {
  const entities = new Set<string>();
  for (const r of file.relations) entities.add(r.subject).add(r.object);
  for (const o of file.observations) {
    entities.add(o.subject);
    if (o.scope) entities.add(o.scope);
    if (o.statedBy) entities.add(o.statedBy);
  }
  for (const e of file.entities) {
    const a = 'attributes' in e ? (e.attributes as Record<string, unknown> | undefined) : undefined;
    for (const ref of [a?.parentOffice, a?.parentIndustry]) if (typeof ref === 'string') entities.add(ref);
  }
  for (const e of file.entities) entities.delete(e.slug);
  const metrics = new Set(file.observations.map((o) => o.metric));
  for (const m of file.metrics) metrics.delete(m.slug);
  return { entities, metrics };
}

export function planIngest(file: KnowledgeFile, text: string, known: KnownGraph): PlanResult {
  const problems: Problem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  const elsewhere = known.definedElsewhere ?? { entities: new Map(), metrics: new Map() };
  const kinds = new Map(known.entityKinds);
  file.entities.forEach((e, i) => {
    if (kinds.has(e.slug) && !known.entityKinds.has(e.slug)) {
      problem(`entities[${i}].slug`, `"${e.slug}" is defined twice in this file`);
    }
    kinds.set(e.slug, elsewhere.entities.get(e.slug)?.kind ?? e.kind);
  });
  const unitKinds = new Map(known.metricUnitKinds);
  file.metrics.forEach((m, i) => {
    if (unitKinds.has(m.slug) && !known.metricUnitKinds.has(m.slug)) {
      problem(`metrics[${i}].slug`, `metric "${m.slug}" is defined twice in this file`);
    }
    unitKinds.set(m.slug, elsewhere.metrics.get(m.slug) ?? m.unitKind);
  });

  const locator = createQuoteLocator(text);
  const quote = (path: string, ev: { quote: string; occurrence?: number | undefined }): PlannedQuote | null => {
    const found = locator.locate(ev.quote, ev.occurrence);
    if (!found.ok) {
      problem(`${path}.quote`, `${found.problem}: "${clip(ev.quote)}"`);
      return null;
    }
    return { quote: ev.quote, ...found.at };
  };
  const entity = (path: string, slug: string, allowed?: readonly EntityKind[]): EntityKind | null => {
    const kind = kinds.get(slug);
    if (!kind) {
      problem(path, `unknown entity "${slug}": define it under "entities" or ingest a source that does`);
      return null;
    }
    if (allowed && !allowed.includes(kind)) {
      problem(path, `"${slug}" is a ${kind}; expected ${allowed.join(' or ')}`);
      return null;
    }
    return kind;
  };
  const date = (path: string, iso: string | undefined): Date | null => {
    if (iso === undefined) return null;
    const d = parseIsoDate(iso);
    if (!d) problem(path, `"${iso}" is not a calendar date`);
    return d;
  };

  const entities: PlannedEntity[] = file.entities.map((e, i) => {
    // A file mentioning an entity another source defines may name it by any defined alias.
    const names = [e.name, ...e.aliases, ...(elsewhere.entities.get(e.slug)?.aliases ?? [])].map((n) => n.toLowerCase());
    const mentions = e.mentions.flatMap((m, j) => {
      const at = quote(`entities[${i}].mentions[${j}]`, m);
      if (at && !names.some((n) => at.quote.toLowerCase().includes(n))) {
        problem(
          `entities[${i}].mentions[${j}].quote`,
          `the quote names neither "${e.name}" nor an alias of it; add the name it uses as an alias`,
        );
      }
      return at ? [at] : [];
    });
    const a = ('attributes' in e ? e.attributes : undefined) as Record<string, string | undefined> | undefined;
    const spec = KINDS[e.kind];
    for (const [name, rule] of Object.entries(spec.attributes as Record<string, Attribute>)) {
      const path = `entities[${i}].attributes.${name}`;
      const value = a?.[name];
      if (rule.type === 'reference' && value !== undefined) {
        if (value === e.slug) problem(path, `${rule.member} cannot be its own parent`);
        else entity(path, value, [rule.kind]);
      }
      if (rule.type === 'date') date(path, value);
      const start = rule.notBefore ? a?.[rule.notBefore] : undefined;
      if (value && start && value < start) problem(path, `the ${spec.noun.one} ends (${value}) before it starts (${start})`);
    }
    return { input: e, mentions };
  });

  const relationKeys = new Map<string, number>();
  const relations: PlannedRelation[] = [];
  file.relations.forEach((r, i) => {
    const path = `relations[${i}]`;
    const subjectKind = entity(`${path}.subject`, r.subject);
    const objectKind = entity(`${path}.object`, r.object);
    if (r.subject === r.object) problem(`${path}.object`, `${r.predicate} cannot relate "${r.subject}" to itself`);
    else if (subjectKind && objectKind) {
      const violation = predicateViolation(r.predicate, subjectKind, objectKind);
      if (violation) problem(`${path}.predicate`, violation);
    }
    const validFrom = date(`${path}.validFrom`, r.validFrom);
    const validTo = date(`${path}.validTo`, r.validTo);
    if (validFrom && validTo && validTo < validFrom) problem(`${path}.validTo`, 'validTo is before validFrom');
    const evidence = quote(`${path}.evidence`, r.evidence);
    const key = [r.subject, r.predicate, r.object, r.role ?? ''].join('|');
    const earlier = relationKeys.get(key);
    if (earlier !== undefined) problem(path, `duplicates relations[${earlier}] (same subject, predicate, object and role)`);
    relationKeys.set(key, i);
    if (evidence) {
      relations.push({
        key,
        subject: r.subject,
        predicate: r.predicate,
        object: r.object,
        role: r.role ?? null,
        validFrom,
        validTo,
        basis: r.basis,
        note: r.note ?? null,
        evidence,
      });
    }
  });

  const observationKeys = new Map<string, number>();
  const observations: PlannedObservation[] = [];
  file.observations.forEach((o, i) => {
    const path = `observations[${i}]`;
    const unitKind = unitKinds.get(o.metric);
    if (!unitKind) problem(`${path}.metric`, `unknown metric "${o.metric}": define it under "metrics"`);
    else if (UNIT_KIND[o.unit] !== unitKind) {
      problem(`${path}.unit`, `${o.unit} does not measure ${unitKind}; metric "${o.metric}" needs a ${unitKind} unit`);
    }
    entity(`${path}.subject`, o.subject);
    if (o.scope) entity(`${path}.scope`, o.scope);
    if (o.statedBy) entity(`${path}.statedBy`, o.statedBy, STATED_BY_KINDS);

    const value = figure(`${path}.value`, o.value, problem);
    if (value && o.unit === 'COUNT') {
      if (value.decimal.startsWith('-')) problem(`${path}.value`, `a count cannot be negative (${o.value})`);
      else if (value.decimal.includes('.')) problem(`${path}.value`, `a count must be a whole number (${o.value} = ${value.decimal})`);
    }
    const start = date(`${path}.period.start`, o.period.start);
    const end = date(`${path}.period.end`, o.period.end);
    if (start && end && end < start) {
      problem(`${path}.period.end`, `the period ends (${o.period.end}) before it starts (${o.period.start})`);
    }

    let change: PlannedChange | null = null;
    if (o.change) {
      const c = o.change;
      const changeValue = figure(`${path}.change.value`, c.value, problem);
      if (c.basis === 'VERSUS_BENCHMARK' && !c.benchmark) {
        problem(`${path}.change.benchmark`, 'a VERSUS_BENCHMARK change must name its benchmark');
      }
      if (c.basis !== 'VERSUS_BENCHMARK' && c.benchmark) {
        problem(`${path}.change.benchmark`, `only a VERSUS_BENCHMARK change has a benchmark, not ${c.basis}`);
      }
      if (c.unit === 'FOLD' && changeValue?.decimal.startsWith('-')) {
        problem(`${path}.change.value`, 'a fold change cannot be negative');
      }
      if (changeValue) change = { basis: c.basis, value: changeValue.decimal, unit: c.unit, benchmark: c.benchmark ?? null };
    }

    const evidence = quote(`${path}.evidence`, o.evidence);
    if (evidence) {
      const stated = new Set(numbersIn(evidence.quote));
      if (value && !stated.has(value.written)) {
        problem(`${path}.value`, `the quote does not state the figure ${value.written}: "${clip(evidence.quote)}"`);
      }
      const changeWritten = o.change ? parseQuantity(o.change.value)?.written.replace(/^-/, '') : undefined;
      if (changeWritten && !stated.has(changeWritten)) {
        problem(`${path}.change.value`, `the quote does not state the change ${changeWritten}: "${clip(evidence.quote)}"`);
      }
    }

    const key = [o.metric, o.subject, o.scope ?? '', o.period.start, o.period.end].join('|');
    const earlier = observationKeys.get(key);
    if (earlier !== undefined) {
      problem(path, `duplicates observations[${earlier}] (same metric, subject, scope and period)`);
    }
    observationKeys.set(key, i);

    if (value && start && end && evidence && (!o.change || change)) {
      observations.push({
        key,
        metric: o.metric,
        subject: o.subject,
        scope: o.scope ?? null,
        statedBy: o.statedBy ?? null,
        value: value.decimal,
        unit: o.unit,
        periodStart: start,
        periodEnd: end,
        periodLabel: o.period.label ?? periodLabel(start, end),
        change,
        note: o.note ?? null,
        evidence,
      });
    }
  });

  date('source.publishedOn', file.source.publishedOn);
  problems.push(...hierarchyCycles(file, known.parents ?? new Map(), elsewhere.entities));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { file, text, entities, relations, observations } };
}

function figure(path: string, text: string, problem: (path: string, message: string) => void) {
  const q = parseQuantity(text);
  if (!q) {
    problem(path, `"${text}" is not a figure (digits, optional decimals, optional thousand/million/billion/trillion)`);
    return null;
  }
  if (!fitsDecimalColumn(q.decimal)) {
    problem(path, `${text} has more digits than the graph stores (24 before and 6 after the decimal point)`);
    return null;
  }
  return q;
}

function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
