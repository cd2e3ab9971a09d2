// The entities of a synthetic graph: each kind's share, names, slugs, attributes
// and parents, drafted deterministically from a seed (tools/generate/graph.ts
// places them in sources).
import { allAttributes, type Attribute, KIND_NAMES, KINDS as KINDS_SPEC, withArticle } from '../../src/domain/kinds.ts';
import type { EntityKind } from '../../src/generated/prisma/enums.ts';
import { isoDate, periodLabel } from '../../src/domain/period.ts';
import type { z } from 'zod';
import { FORMAT, type MetricInput, type ObservationInput, type RelationInput, type SourceInput } from '../../src/ingest/knowledge-format.ts';
import { Random } from './random.ts';
import {
  COUNTRIES,
  EVENT_TYPES,
  INDUSTRIES,
  INDUSTRY_QUALIFIERS,
  ORGANIZATION_TYPES,
  POLICY_CATEGORIES,
  POLICY_CORES,
  POLICY_PREFIXES,
  POLICY_SUFFIXES,
  PRODUCT_QUALIFIERS,
  PRODUCTS,
  SURNAMES,
  SYLLABLES,
  ZONE_FOCUS,
  ZONE_TYPES,
} from './vocabulary.ts';

export type Evidence = { quote: string; occurrence?: number };
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

export const OBSERVATION_SUBJECTS: Partial<Record<EntityKind, number>> = {
  REGION: 3, BONDED_ZONE: 3, CUSTOMS_OFFICE: 2, AIRPORT: 2, ORGANIZATION: 2, PRODUCT: 2, INDUSTRY: 1,
};

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const slugify = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const withCommas = (n: number) => n.toLocaleString('en-US');
const letters = (n: number, width: number) => {
  let s = '';
  for (let i = 0; i < width; i++, n = Math.floor(n / 26)) s = String.fromCharCode(65 + (n % 26)) + s;
  return s;
};

/** Every reporting period the graph uses: years, halves, quarters, months and year-to-date ranges, 2014-2024. */
export function reportingPeriods(): Array<{ start: string; end: string; label: string }> {
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
export function draftEntities(count: number, seed: number): EntityDraft[] {
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

export function introduction(d: EntityDraft): string {
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

/** A knowledge file as the generator writes it: the format's own types (defaults filled in), entities as drafted. */
export interface KnowledgeFileInput {
  format: typeof FORMAT;
  source: z.infer<typeof SourceInput>;
  metrics: Array<z.infer<typeof MetricInput>>;
  entities: Array<Omit<EntityDraft, 'parent'> & { mentions: Evidence[] }>;
  relations: Array<z.infer<typeof RelationInput>>;
  observations: Array<z.infer<typeof ObservationInput>>;
}
