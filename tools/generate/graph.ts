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
// Entities are drafted in entities.ts, figures written in figures.ts.
import type { EntityKind } from '../../src/generated/prisma/enums.ts';
import { FORMAT } from '../../src/ingest/knowledge-format.ts';
import { Random } from './random.ts';
import {
  capitalise,
  draftEntities,
  type EntityDraft,
  type Evidence,
  introduction,
  KINDS,
  type KnowledgeFileInput,
  MONTHS,
  OBSERVATION_SUBJECTS,
  pad,
  reportingPeriods,
} from './entities.ts';
import { benchmarkChange, figure, reportedChange } from './figures.ts';
import { FILLERS, METRICS, type MetricSpec, PUBLISHERS, RELATION_MIX, RELATION_SENTENCES, ROLES, SURNAMES, SYLLABLES } from './vocabulary.ts';

// The generator's parts, for its tests and tools.
export { KINDS, type EntityDraft, type KnowledgeFileInput };

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

interface Fact {
  sentence: string;
  place(evidence: Evidence): void;
}

/** Running totals of RELATION_MIX's weights, for drawing a relation shape. */
const RELATION_MIX_CUMULATIVE = (() => {
  let sum = 0;
  return RELATION_MIX.map(([, , , w]) => (sum += w));
})();

/** The metrics that can be reported about each kind of entity. */
const METRICS_BY_KIND = new Map(KINDS.map((kind) => [kind, METRICS.filter((m) => m.subjects.includes(kind))]));

/**
 * The sources of a synthetic graph, one knowledge file at a time (so a million
 * facts never sit in memory at once).
 */
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

