// A synthetic knowledge graph shaped like the seed, at any size: entities of
// every kind with their typed attributes, relations whose fan-out is skewed
// (a few hubs with thousands of edges, most entities with a handful), and
// observations over many metrics and periods, some with a reported change.
//
// It is produced as knowledge files, the format curators write: one per
// generated source text of moderate size, each fact quoting its own sentence
// of that text. An entity is defined (with a mention) in the first source
// that uses it, so the files could also be ingested one by one, in order.
// Pure and deterministic: the same seed and sizes give the same files.
import { allAttributes, type Attribute, KIND_NAMES, KINDS as KINDS_SPEC, withArticle } from '../../src/domain/kinds.ts';
import type { EntityKind, Unit } from '../../src/generated/prisma/enums.ts';
import { isoDate, periodLabel } from '../../src/domain/period.ts';
import type { z } from 'zod';
import { FORMAT, type MetricInput, type ObservationInput, type RelationInput, type SourceInput } from '../../src/ingest/knowledge-format.ts';
import { Random } from './random.ts';
import {
  BENCHMARKS,
  COUNTRIES,
  EVENT_TYPES,
  FILLERS,
  INDUSTRIES,
  INDUSTRY_QUALIFIERS,
  METRICS,
  type MetricSpec,
  ORGANIZATION_TYPES,
  POLICY_CATEGORIES,
  POLICY_CORES,
  POLICY_PREFIXES,
  POLICY_SUFFIXES,
  PRODUCT_QUALIFIERS,
  PRODUCTS,
  PUBLISHERS,
  RELATION_MIX,
  RELATION_SENTENCES,
  ROLES,
  SURNAMES,
  SYLLABLES,
  ZONE_FOCUS,
  ZONE_TYPES,
} from './vocabulary.ts';

export interface GraphSize {
  entities: number;
  relations: number;
  observations: number;
  /** Relations and observations stated by each generated source (default 60, about the seed's size). */
  factsPerSource?: number;
}

/** A knowledge file in its input shape (what JSON.parse of a file gives), with its source text. */
export interface GeneratedSource {
  index: number;
  file: KnowledgeFileInput;
  text: string;
}

type Evidence = { quote: string; occurrence?: number };
type Attributes = Record<string, string>;

export interface EntityDraft {
  kind: EntityKind;
  slug: string;
  name: string;
  aliases: string[];
  description?: string;
  attributes?: Attributes;
  /** The index of the entity an attribute refers to (parent office or industry), defined before it. */
  parent?: number;
}

/** A knowledge file as the generator writes it: the format's own types (defaults filled in), entities as drafted. */
export interface KnowledgeFileInput {
  format: typeof FORMAT;
  source: z.infer<typeof SourceInput>;
  metrics: Array<z.infer<typeof MetricInput>>;
  entities: Array<Omit<EntityDraft, 'parent'> & { mentions: Evidence[] }>;
  relations: Array<z.infer<typeof RelationInput>>;
  observations: Array<z.infer<typeof ObservationInput>>;
}

/** Every kind of the registry. */
export const KINDS: readonly EntityKind[] = KIND_NAMES;

/** Share of each kind among the entities (percent); a kind not listed gets 1. */
const KIND_SHARES: Partial<Record<EntityKind, number>> = {
  CUSTOMS_OFFICE: 2, BONDED_ZONE: 5, AIRPORT: 1, POLICY: 15, INDUSTRY: 5, PRODUCT: 18, REGION: 9, PERSON: 15, ORGANIZATION: 25, EVENT: 5,
};
const KIND_WEIGHTS = Object.fromEntries(KINDS.map((k) => [k, KIND_SHARES[k] ?? 1])) as Record<EntityKind, number>;

/** The attribute of a kind that names its parent in a hierarchy of its own kind (parentOffice), if any. */
const PARENT_ATTRIBUTE = Object.fromEntries(
  allAttributes().flatMap(({ kind, name, attribute }) => (attribute.type === 'reference' && attribute.kind === kind ? [[kind, name]] : [])),
) as Partial<Record<EntityKind, string>>;

const OBSERVATION_SUBJECTS: Partial<Record<EntityKind, number>> = {
  REGION: 3, BONDED_ZONE: 3, CUSTOMS_OFFICE: 2, AIRPORT: 2, ORGANIZATION: 2, PRODUCT: 2, INDUSTRY: 1,
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const slugify = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const withCommas = (n: number) => n.toLocaleString('en-US');
const letters = (n: number, width: number) => {
  let s = '';
  for (let i = 0; i < width; i++, n = Math.floor(n / 26)) s = String.fromCharCode(65 + (n % 26)) + s;
  return s;
};

/** Every reporting period the graph uses: years, halves, quarters, months and year-to-date ranges, 2014-2024. */
function reportingPeriods(): Array<{ start: string; end: string; label: string }> {
  const periods: Array<{ start: Date; end: Date }> = [];
  const range = (y: number, m0: number, m1: number) => ({ start: new Date(Date.UTC(y, m0, 1)), end: new Date(Date.UTC(y, m1 + 1, 0)) });
  for (let y = 2014; y <= 2024; y++) {
    periods.push(range(y, 0, 11), range(y, 0, 5), range(y, 6, 11));
    for (let q = 0; q < 4; q++) periods.push(range(y, q * 3, q * 3 + 2));
    for (let m = 0; m < 12; m++) periods.push(range(y, m, m));
    for (let m = 1; m < 11; m++) if (m !== 5) periods.push(range(y, 0, m));
  }
  return periods.map((p) => ({ start: isoDate(p.start), end: isoDate(p.end), label: periodLabel(p.start, p.end) }));
}

/** The entities of the graph, in the order of their ids; each kind's first entities are its hubs. */
function draftEntities(count: number, seed: number): EntityDraft[] {
  const rng = new Random(seed, -1);
  const names = new Set<string>();
  const slugs = new Set<string>();
  const byKind = new Map<EntityKind, number[]>(KINDS.map((k) => [k, []]));
  const directOffices: number[] = [];
  const drafts: EntityDraft[] = [];

  const place = (syllables = rng.chance(0.7) ? 2 : 3) => {
    const parts = Array.from({ length: syllables }, () => rng.pick(SYLLABLES));
    return { en: capitalise(parts.map((p) => p[0]).join('')), zh: parts.map((p) => p[1]).join('') };
  };
  const date = (fromYear: number, toYear: number) => `${rng.int(fromYear, toYear)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;

  /** Draws names until one is free; the rank disambiguates the rare name that stays taken. */
  const unique = (rank: number, make: () => { name: string; aliases: string[] }) => {
    for (let attempt = 0; ; attempt++) {
      const made = make();
      const name = attempt < 20 ? made.name : `${made.name} ${rank + 1}`;
      const slug = slugify(name);
      if (!names.has(name) && !slugs.has(slug)) {
        names.add(name);
        slugs.add(slug);
        return { name, slug, aliases: made.aliases };
      }
    }
  };

  for (let i = 0; i < count; i++) {
    // The first entities are one of each kind, so even a tiny graph has them all.
    const kind = i < KINDS.length ? KINDS[i]! : rng.weighted(KIND_WEIGHTS);
    const pool = byKind.get(kind)!;
    const rank = pool.length;
    pool.push(i);
    let draft: Omit<EntityDraft, 'slug' | 'name' | 'aliases'> & { name?: string; aliases?: string[] } = { kind };
    let naming: () => { name: string; aliases: string[] };

    switch (kind) {
      case 'CUSTOMS_OFFICE': {
        if (rank === 0) {
          naming = () => ({ name: 'General Administration of Customs', aliases: ['GACC', '海关总署'] });
          draft.attributes = { level: 'GENERAL_ADMINISTRATION', customsCode: '0000' };
          break;
        }
        const direct = rank <= 40 || rng.chance(0.1);
        naming = () => {
          const p = place();
          return { name: `${p.en} Customs`, aliases: [`${p.zh}海关`] };
        };
        draft.attributes = { level: direct ? 'DIRECT_CUSTOMS' : 'SUBORDINATE_CUSTOMS', customsCode: pad(1000 + rank, 4) };
        draft.parent = direct ? byKind.get('CUSTOMS_OFFICE')![0] : rng.pick(directOffices);
        if (direct) directOffices.push(i);
        break;
      }
      case 'BONDED_ZONE': {
        const zoneType = rng.pick(Object.keys(ZONE_TYPES) as Array<keyof typeof ZONE_TYPES>);
        naming = () => {
          const p = place();
          return { name: `${p.en} ${ZONE_TYPES[zoneType]}`, aliases: rng.chance(0.5) ? [`${p.zh}综合保税区`] : [] };
        };
        draft.attributes = { zoneType, focus: rng.pick(ZONE_FOCUS), establishedOn: date(1992, 2023) };
        break;
      }
      case 'AIRPORT':
        naming = () => {
          const p = place();
          return { name: `${p.en} International Airport`, aliases: [`${p.zh}国际机场`] };
        };
        // Multiplying by a number coprime with 26^n walks every code once: codes stay unique.
        draft.attributes = {
          ...(rank < 26 ** 3 ? { iataCode: letters((rank * 7919 + 11) % 26 ** 3, 3) } : {}),
          ...(rank < 26 ** 4 ? { icaoCode: letters((rank * 7919 + 101) % 26 ** 4, 4) } : {}),
        };
        break;
      case 'POLICY':
        naming = () => {
          const core = `${rng.pick(POLICY_CORES)} ${rng.pick(POLICY_SUFFIXES)}`;
          return { name: rank < 300 ? `${rng.pick(POLICY_PREFIXES)} ${core}` : `${place().en} ${rng.pick(POLICY_PREFIXES)} ${core}`, aliases: [] };
        };
        draft.attributes = { category: rng.pick(POLICY_CATEGORIES), launchedOn: date(2010, 2024) };
        break;
      case 'INDUSTRY':
        naming = () =>
          rank < INDUSTRIES.length
            ? { name: INDUSTRIES[rank]!, aliases: [] }
            : { name: `${place().en} ${rng.pick(INDUSTRY_QUALIFIERS)} ${rng.pick(INDUSTRIES)}`, aliases: [] };
        if (rank >= INDUSTRIES.length) draft.parent = byKind.get('INDUSTRY')![rng.int(0, INDUSTRIES.length - 1)];
        break;
      case 'PRODUCT':
        naming = () =>
          rank < PRODUCTS.length
            ? { name: PRODUCTS[rank]!, aliases: [] }
            : { name: `${place().en} ${rng.pick(PRODUCT_QUALIFIERS)} ${rng.pick(PRODUCTS)}`, aliases: [] };
        draft.attributes = { hsCode: `${pad(rng.int(1, 97))}${pad(rng.int(1, 99))}.${pad(rng.int(10, 90))}` };
        break;
      case 'REGION': {
        if (rank === 0) {
          naming = () => ({ name: 'China', aliases: ['中国', "People's Republic of China"] });
          draft.attributes = { regionType: 'COUNTRY', isoCode: 'CN' };
        } else if (rank <= COUNTRIES.length) {
          const [name, iso] = COUNTRIES[rank - 1]!;
          naming = () => ({ name, aliases: [] });
          draft.attributes = { regionType: 'COUNTRY', isoCode: iso };
        } else {
          const regionType = rank < 45 ? 'PROVINCE' : rank < 400 ? 'CITY' : rng.chance(0.03) ? 'ECONOMIC_REGION' : 'DISTRICT';
          const suffix = { PROVINCE: ' Province', CITY: ' City', DISTRICT: ' District', ECONOMIC_REGION: ' Economic Region' }[regionType];
          naming = () => {
            const p = place();
            return { name: `${p.en}${suffix}`, aliases: [p.zh] };
          };
          draft.attributes = { regionType, ...(regionType === 'PROVINCE' ? { isoCode: `CN-${letters(rank, 2)}` } : {}) };
        }
        break;
      }
      case 'PERSON':
        naming = () => {
          const [surname, zh] = rng.pick(SURNAMES);
          const given = Array.from({ length: rng.chance(0.6) ? 1 : 2 }, () => rng.pick(SYLLABLES));
          return { name: `${surname} ${capitalise(given.map((g) => g[0]).join(''))}`, aliases: [`${zh}${given.map((g) => g[1]).join('')}`] };
        };
        break;
      case 'ORGANIZATION': {
        const [noun, orgType] = rng.pick(ORGANIZATION_TYPES);
        naming = () => ({ name: `${place().en} ${noun}`, aliases: [] });
        draft.attributes = { orgType };
        break;
      }
      case 'EVENT': {
        const year = rng.int(2014, 2024);
        const month = rng.int(1, 12);
        const day = rng.int(1, 25);
        naming = () => ({ name: `${year} ${place().en} ${rng.pick(EVENT_TYPES)}`, aliases: [] });
        draft.attributes = { startsOn: `${year}-${pad(month)}-${pad(day)}`, endsOn: `${year}-${pad(month)}-${pad(day + rng.int(0, 3))}` };
        break;
      }
      default: {
        // A kind the generator has no words for yet: a place name and the kind's noun, attributes from the registry's rules.
        const noun = KINDS_SPEC[kind as EntityKind].noun.one;
        naming = () => ({ name: `${place().en} ${capitalise(noun)}`, aliases: [] });
        draft.attributes = sampleAttributes(kind as EntityKind, rank, rng);
      }
    }
    const { name, slug, aliases } = unique(rank, naming);
    draft = { ...draft, name, aliases };
    if (draft.parent !== undefined && draft.attributes === undefined) draft.attributes = {};
    if (draft.parent !== undefined) {
      draft.attributes![PARENT_ATTRIBUTE[kind]!] = drafts[draft.parent]!.slug;
    }
    if (rng.chance(0.3)) draft.description = `${name} appears in the synthetic trade reports.`;
    drafts.push({ ...draft, slug, name, aliases } as EntityDraft);
  }
  return drafts;
}

interface Fact {
  sentence: string;
  place(evidence: Evidence): void;
}

/**
 * The sources of a synthetic graph, one knowledge file at a time (so a million
 * facts never sit in memory at once).
 */
/** Running totals of RELATION_MIX's weights, for drawing a relation shape. */
const RELATION_MIX_CUMULATIVE = (() => {
  let sum = 0;
  return RELATION_MIX.map(([, , , w]) => (sum += w));
})();

/** The metrics that can be reported about each kind of entity. */
const METRICS_BY_KIND = new Map(KINDS.map((kind) => [kind, METRICS.filter((m) => m.subjects.includes(kind))]));

export class SyntheticGraph {
  readonly entities: EntityDraft[];
  readonly periods = reportingPeriods();
  readonly metrics = METRICS;
  readonly sourceCount: number;
  private readonly byKind = new Map<EntityKind, number[]>();
  /** Each slug's index in `entities`. */
  private readonly index = new Map<string, number>();
  private readonly factsPerSource: number;

  constructor(
    readonly size: GraphSize,
    readonly seed: number,
  ) {
    if (!Number.isInteger(size.entities) || size.entities < KINDS.length) {
      throw new RangeError(`a graph needs at least ${KINDS.length} entities (one of each kind)`);
    }
    this.entities = draftEntities(size.entities, seed);
    for (const k of KINDS) this.byKind.set(k, []);
    this.entities.forEach((e, i) => {
      this.byKind.get(e.kind)!.push(i);
      this.index.set(e.slug, i);
    });
    this.factsPerSource = size.factsPerSource ?? 60;
    this.sourceCount = Math.max(1, Math.ceil((size.relations + size.observations) / this.factsPerSource));
  }

  kindOf(slug: string): EntityKind | undefined {
    return this.index.get(slug) === undefined ? undefined : this.entities[this.index.get(slug)!]!.kind;
  }

  /** Entity id (1-based, in draft order) of a slug. */
  idOf(slug: string): number {
    return this.index.get(slug)! + 1;
  }

  /** The knowledge files, in order: each defines the entities it is the first to use. */
  *sources(): Generator<GeneratedSource> {
    const defined = new Uint8Array(this.entities.length);
    const { relations, observations } = this.size;
    const s = this.sourceCount;
    let i = 0;
    for (; i < s; i++) {
      const share = (total: number) => Math.floor(((i + 1) * total) / s) - Math.floor((i * total) / s);
      yield this.source(i, share(relations), share(observations), defined, []);
    }
    // Entities no fact used are defined in directory sources at the end.
    const left = this.entities.map((_, j) => j).filter((j) => !defined[j]);
    for (let k = 0; k < left.length; k += 200, i++) yield this.source(i, 0, 0, defined, left.slice(k, k + 200));
  }

  private source(index: number, relationCount: number, observationCount: number, defined: Uint8Array, extra: number[]): GeneratedSource {
    const rng = new Random(this.seed, index);
    const newEntities: number[] = [];
    const use = (e: number): string => {
      if (!defined[e]) {
        const parent = this.entities[e]!.parent;
        if (parent !== undefined) use(parent);
        defined[e] = 1;
        newEntities.push(e);
      }
      return this.entities[e]!.slug;
    };
    const pickOf = (kind: EntityKind) => {
      const pool = this.byKind.get(kind)!;
      return pool[rng.skewedRank(pool.length)]!;
    };
    const name = (e: number) => this.entities[e]!.name;

    const file: KnowledgeFileInput = {
      format: FORMAT,
      source: {
        slug: `synthetic-report-${pad(index + 1, 6)}`,
        title: '',
        publisher: rng.pick(PUBLISHERS),
        publishedOn: `${2015 + (index % 10)}-${pad(1 + (index % 12))}-${pad(1 + (index % 28))}`,
        editors: Array.from({ length: rng.int(1, 2) }, () => `${rng.pick(SURNAMES)[0]} ${capitalise(rng.pick(SYLLABLES)[0])}${rng.pick(SYLLABLES)[0]}`),
        language: 'en',
        textFile: `synthetic-report-${pad(index + 1, 6)}.txt`,
      },
      metrics: index === 0 ? this.metrics.map((m) => ({ slug: m.slug, name: m.name, unitKind: m.unitKind, description: `${m.name} (synthetic).` })) : [],
      entities: [],
      relations: [],
      observations: [],
    };

    const facts: Fact[] = [];
    const relationKeys = new Set<string>();
    for (let r = 0; r < relationCount; r++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const mix = RELATION_MIX[this.relationMixIndex(rng)]!;
        const [predicate, subjectKind, objectKind] = mix;
        const subject = pickOf(subjectKind);
        const object = pickOf(objectKind);
        const role = predicate === 'HOLDS_ROLE_AT' ? rng.pick(ROLES) : undefined;
        const key = `${subject}|${predicate}|${object}|${role ?? ''}`;
        if (subject === object || relationKeys.has(key)) continue;
        relationKeys.add(key);
        const sentence = rng
          .pick(RELATION_SENTENCES[predicate])
          .replace('{S}', name(subject))
          .replace('{O}', name(object))
          .replace('{R}', role ?? '');
        const inferred = rng.chance(0.08);
        const from = rng.chance(0.2) ? `${rng.int(2012, 2022)}-${pad(rng.int(1, 12))}-01` : undefined;
        const relation: KnowledgeFileInput['relations'][number] = {
          subject: use(subject),
          predicate,
          object: use(object),
          ...(role ? { role } : {}),
          ...(from ? { validFrom: from } : {}),
          ...(from && rng.chance(0.2) ? { validTo: `${Number(from.slice(0, 4)) + rng.int(1, 3)}-12-31` } : {}),
          basis: inferred ? 'INFERRED' : 'STATED',
          ...(inferred ? { note: 'The report implies this relation without stating it outright.' } : {}),
          evidence: { quote: sentence },
        };
        file.relations.push(relation);
        facts.push({ sentence, place: (ev) => (relation.evidence = ev) });
        break;
      }
    }

    const observationKeys = new Set<string>();
    for (let o = 0; o < observationCount; o++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const subjectKind = rng.weighted(OBSERVATION_SUBJECTS);
        const subject = pickOf(subjectKind);
        const metric = this.metricFor(subjectKind, rng);
        const period = rng.pick(this.periods);
        const scope = (subjectKind === 'PRODUCT' || subjectKind === 'INDUSTRY' || subjectKind === 'ORGANIZATION') && rng.chance(0.3) ? pickOf('REGION') : undefined;
        const key = `${metric.slug}|${subject}|${scope ?? ''}|${period.start}|${period.end}`;
        if (observationKeys.has(key)) continue;
        observationKeys.add(key);
        const statedBy = rng.chance(0.1) ? pickOf(rng.chance(0.7) ? 'PERSON' : 'CUSTOMS_OFFICE') : undefined;
        const unit = rng.pick(metric.units);
        const { value, written } = figure(unit, rng);
        const change = metric.unitKind === 'PERCENTAGE' || metric.unitKind === 'MULTIPLE' ? (rng.chance(0.2) ? benchmarkChange(rng) : undefined) : reportedChange(rng);
        const of = `${name(subject)}${scope !== undefined ? ` in ${name(scope)}` : ''}`;
        const saying = statedBy !== undefined ? `${name(statedBy)} said that ` : '';
        const opening = `${saying}${saying ? 'in' : 'In'} ${period.label}, the ${metric.phrase} of ${of}`;
        const sentence = `${capitalise(opening)} ${unit === 'COUNT' ? 'reached' : 'was'} ${written}${change?.text ?? ''}.`;
        const observation: KnowledgeFileInput['observations'][number] = {
          metric: metric.slug,
          subject: use(subject),
          ...(scope !== undefined ? { scope: use(scope) } : {}),
          ...(statedBy !== undefined ? { statedBy: use(statedBy) } : {}),
          value,
          unit,
          period: { start: period.start, end: period.end },
          ...(change ? { change: change.change } : {}),
          evidence: { quote: sentence },
        };
        file.observations.push(observation);
        facts.push({ sentence, place: (ev) => (observation.evidence = ev) });
        break;
      }
    }
    for (const e of extra) use(e);

    // The text: a title, an introduction naming each entity this source is the
    // first to use, then the facts in paragraphs, with some filler prose.
    const lead = newEntities[0] ?? (file.relations.length ? this.index.get(file.relations[0]!.subject)! : 0);
    file.source.title = extra.length
      ? `Directory of trade actors, part ${index + 1}`
      : `${name(lead)} and partners: trade bulletin ${index + 1}`;
    const parts: string[] = [];
    let length = 0;
    const append = (s: string) => {
      const at = length;
      parts.push(s);
      length += s.length;
      return at;
    };
    append(`${file.source.title}\n\n${file.source.publisher}, ${file.source.publishedOn}\n\n`);
    const mentionAt: Array<{ e: number; sentence: string; at: number }> = [];
    for (const e of newEntities) {
      const d = this.entities[e]!;
      const sentence = `${d.name}${d.aliases[0] && /\p{Script=Han}/u.test(d.aliases[0]) ? ` (${d.aliases[0]})` : ''} is ${introduction(d)}.`;
      mentionAt.push({ e, sentence, at: append(sentence) });
      append(' ');
    }
    append('\n\n');
    const factAt: Array<{ fact: Fact; at: number }> = [];
    facts.forEach((fact, n) => {
      factAt.push({ fact, at: append(fact.sentence) });
      if (n % 5 === 4) append(` ${rng.pick(FILLERS)}\n\n`);
      else append(' ');
    });
    append(`\n\nEdited by ${file.source.editors.join(' and ')}. ${MONTHS[index % 12]} issue.\n`);
    const text = parts.join('');

    // A sentence that occurs more than once is pointed at by its occurrence.
    const evidenceAt = (sentence: string, at: number): Evidence => {
      const first = text.indexOf(sentence);
      if (first === at && text.indexOf(sentence, at + 1) === -1) return { quote: sentence };
      let occurrence = 0;
      for (let k = first; k !== -1 && k <= at; k = text.indexOf(sentence, k + 1)) occurrence++;
      return { quote: sentence, occurrence };
    };
    for (const { fact, at } of factAt) fact.place(evidenceAt(fact.sentence, at));
    file.entities = mentionAt.map(({ e, sentence, at }) => {
      const { parent: _parent, ...draft } = this.entities[e]!;
      return { ...draft, mentions: [evidenceAt(sentence, at)] };
    });
    return { index, file, text };
  }

  private relationMixIndex(rng: Random): number {
    const c = RELATION_MIX_CUMULATIVE;
    const x = rng.next() * c.at(-1)!;
    let k = 0;
    while (c[k]! <= x) k++;
    return k;
  }

  private metricFor(kind: EntityKind, rng: Random): MetricSpec {
    return rng.pick(METRICS_BY_KIND.get(kind)!);
  }
}

function introduction(d: EntityDraft): string {
  const a = d.attributes ?? {};
  switch (d.kind) {
    case 'CUSTOMS_OFFICE':
      return a.level === 'GENERAL_ADMINISTRATION' ? 'the national customs authority' : `a ${a.level === 'DIRECT_CUSTOMS' ? 'direct' : 'subordinate'} customs office with code ${a.customsCode}`;
    case 'BONDED_ZONE':
      return `a special customs supervision area focused on ${a.focus}`;
    case 'AIRPORT':
      return `an international airport${a.iataCode ? ` (${a.iataCode})` : ''}`;
    case 'POLICY':
      return `a ${a.category} measure`;
    case 'INDUSTRY':
      return 'an industry tracked by the report';
    case 'PRODUCT':
      return `a traded product under HS heading ${a.hsCode}`;
    case 'REGION':
      return `a ${(a.regionType ?? 'region').toLowerCase().replace('_', ' ')}`;
    case 'PERSON':
      return 'an official quoted in the report';
    case 'ORGANIZATION':
      return `an organisation (${a.orgType})`;
    case 'EVENT':
      return `an event held from ${a.startsOn} to ${a.endsOn}`;
    default:
      return withArticle(KINDS_SPEC[d.kind as EntityKind].noun.one);
  }
}

/** Attribute values for a kind the generator has no words for: an enum's value, a date, a code or text by its rule. */
function sampleAttributes(kind: EntityKind, rank: number, rng: Random): Attributes {
  const out: Attributes = {};
  for (const [name, a] of Object.entries(KINDS_SPEC[kind].attributes as Record<string, Attribute>)) {
    if (a.type === 'enum') out[name] = rng.pick(Object.keys(a.enum.values));
    else if (a.type === 'date') out[name] = `${rng.int(1990, 2023)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    else if (a.type === 'text') out[name] = `${name} ${rank}`.slice(0, a.max);
    else if (a.type === 'code' && !a.pattern) out[name] = letters(rank, Math.min(a.max, 6));
  }
  return out;
}

/** A value as a report writes it (the knowledge file's figure) and as its sentence shows it. */
function figure(unit: Unit, rng: Random): { value: string; written: string } {
  switch (unit) {
    case 'CNY':
    case 'USD': {
      const scale = rng.weighted({ billion: 6, million: 3, trillion: 1 });
      const n = scale === 'trillion' ? `${rng.int(1, 9)}.${pad(rng.int(0, 99))}` : `${rng.int(1, 999)}.${pad(rng.int(0, 99))}`;
      const value = `${n} ${scale}`;
      return { value, written: unit === 'CNY' ? `${value} yuan` : `${value} US dollars` };
    }
    case 'COUNT': {
      if (rng.chance(0.2)) {
        const value = `${rng.int(1, 99)}.${rng.int(0, 9)} million`;
        return { value, written: value };
      }
      const value = withCommas(rng.int(10, 999_999));
      return { value, written: value };
    }
    case 'PERCENT': {
      const value = `${rng.int(0, 95)}.${rng.int(0, 9)}`;
      return { value, written: `${value}%` };
    }
    case 'PERCENTAGE_POINT': {
      const value = `${rng.int(0, 30)}.${rng.int(0, 9)}`;
      return { value, written: `${value} percentage points` };
    }
    case 'FOLD': {
      const value = `${rng.int(1, 20)}.${rng.int(0, 9)}`;
      return { value, written: `${value}-fold` };
    }
  }
}

type Change = { change: NonNullable<KnowledgeFileInput['observations'][number]['change']>; text: string };

/** The change a report gives with a level (about half of them do). */
function reportedChange(rng: Random): Change | undefined {
  const kind = rng.weighted({ none: 45, yoy: 40, pop: 8, fold: 2, benchmark: 5 });
  const n = `${rng.int(0, 79)}.${rng.int(1, 9)}`;
  const down = rng.chance(0.25);
  switch (kind) {
    case 'none':
      return undefined;
    case 'yoy':
      return {
        change: { basis: 'YEAR_ON_YEAR', value: down ? `-${n}` : n, unit: 'PERCENT' },
        text: `, a year-on-year ${down ? 'decrease' : 'increase'} of ${n}%`,
      };
    case 'pop':
      return {
        change: { basis: 'PERIOD_ON_PERIOD', value: down ? `-${n}` : n, unit: 'PERCENT' },
        text: `, ${down ? 'down' : 'up'} ${n}% on the previous period`,
      };
    case 'fold': {
      const f = `${rng.int(2, 15)}.${rng.int(0, 9)}`;
      return { change: { basis: 'YEAR_ON_YEAR', value: f, unit: 'FOLD' }, text: `, a ${f}-fold increase year on year` };
    }
    default:
      return benchmarkChange(rng);
  }
}

function benchmarkChange(rng: Random): Change {
  const benchmark = rng.pick(BENCHMARKS);
  const n = `${rng.int(0, 20)}.${rng.int(1, 9)}`;
  const below = rng.chance(0.3);
  return {
    change: { basis: 'VERSUS_BENCHMARK', value: below ? `-${n}` : n, unit: 'PERCENTAGE_POINT', benchmark },
    text: `, ${n} percentage points ${below ? 'below' : 'above'} the ${benchmark}`,
  };
}
