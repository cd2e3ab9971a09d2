// The knowledge file: what a curator writes for one source. Validated with
// zod; seed/knowledge.schema.json is generated from this definition (npm run
// schema) so editors can validate and complete the file as it is written.
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { CHANGE_UNITS } from '../domain/units.ts';
import { type Attribute, KIND_NAMES, KINDS } from '../domain/kinds.ts';
import { ChangeBasis, type EntityKind, FactBasis, Predicate, Unit, UnitKind } from '../generated/prisma/enums.ts';

export const FORMAT = 'tradegraph-knowledge/1';

const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug is lowercase letters and digits joined by single hyphens')
  .max(120)
  .describe('Stable, human-readable identifier, e.g. "beijing-customs".');

const IsoDate = z.iso.date('a date is written YYYY-MM-DD');

const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const Figure = z
  .string({ error: 'write figures as strings (e.g. "2.07 trillion", "27,000") so they stay exact' })
  .describe('A figure as written in the report: digits, optional thousands separators and decimals, optional scale word (thousand, million, billion, trillion).');

const enumOf = <T extends Record<string, string>>(e: T) => z.enum(Object.values(e) as [T[keyof T], ...T[keyof T][]]);

const Evidence = z
  .object({
    quote: z.string().min(1).describe('The exact words of the source, copied byte for byte; offsets are computed.'),
    occurrence: z
      .int()
      .min(1)
      .optional()
      .describe('Which occurrence of the quote is meant, when it occurs more than once (1-based).'),
  })
  .strict()
  .describe('The passage of the source that states the fact.');

const Note = Text(2000).optional().describe("Curator's note, e.g. an ambiguity in the source and the reading chosen.");

const entityBase = {
  slug: Slug,
  name: Text(300),
  aliases: z.array(Text(300)).max(LIMITS.entityAliases).default([]).describe('Other names, in any language (English and Chinese where known).'),
  description: Text(4000).optional(),
  mentions: z
    .array(Evidence)
    .min(1, 'an entity needs at least one mention: a quote of the source that names it')
    .describe('Passages of the source that name the entity; each must contain its name or an alias.'),
};

/** The file's rule for one attribute of a kind, from the kind registry. */
function attributeRule(a: Attribute): z.ZodOptional<z.ZodString | z.ZodISODate | z.ZodEnum> {
  switch (a.type) {
    case 'text':
      return Text(a.max).optional();
    case 'code':
      return (a.pattern ? z.string().regex(a.pattern, a.message) : Text(a.max)).optional();
    case 'date':
      return IsoDate.optional();
    case 'enum':
      return z.enum(Object.keys(a.enum.values) as [string, ...string[]]).optional();
    case 'reference':
      return Slug.optional().describe(a.fileDescription);
  }
}

const kindVariant = (kind: EntityKind) => {
  const attributes = Object.entries(KINDS[kind].attributes as Record<string, Attribute>);
  return z
    .object({
      kind: z.literal(kind),
      ...entityBase,
      // A kind without attributes takes none; each attribute is optional.
      ...(attributes.length
        ? { attributes: z.object(Object.fromEntries(attributes.map(([name, a]) => [name, attributeRule(a)]))).strict().optional() }
        : {}),
    })
    .strict();
};

type KindVariant = ReturnType<typeof kindVariant>;

/** One variant per kind of the registry, told apart by `kind`. */
export const EntityInput = z.discriminatedUnion('kind', KIND_NAMES.map(kindVariant) as [KindVariant, ...KindVariant[]]);

export const MetricInput = z
  .object({
    slug: Slug,
    name: Text(200),
    description: Text(2000).optional(),
    unitKind: enumOf(UnitKind),
  })
  .strict();

export const RelationInput = z
  .object({
    subject: Slug,
    predicate: enumOf(Predicate),
    object: Slug,
    role: Text(200).optional().describe('The role or capacity, e.g. "deputy head".'),
    validFrom: IsoDate.optional(),
    validTo: IsoDate.optional(),
    basis: enumOf(FactBasis)
      .default('STATED')
      .describe('STATED if the quote says it in so many words, INFERRED if it only supports it.'),
    note: Note,
    evidence: Evidence,
  })
  .strict();

const PeriodInput = z
  .object({
    start: IsoDate,
    end: IsoDate,
    label: Text(60).optional().describe('e.g. "2023 H1"; derived from the dates when omitted.'),
  })
  .strict();

const ChangeInput = z
  .object({
    basis: enumOf(ChangeBasis),
    value: Figure,
    unit: z.enum(CHANGE_UNITS),
    benchmark: Text(200).optional().describe('What a VERSUS_BENCHMARK change compares with, e.g. "national average".'),
  })
  .strict();

export const ObservationInput = z
  .object({
    metric: Slug,
    subject: Slug,
    scope: Slug.optional().describe('Where the figure was measured, when the subject is not a place.'),
    statedBy: Slug.optional().describe('Who stated the figure, when the source attributes it.'),
    value: Figure,
    unit: enumOf(Unit),
    period: PeriodInput,
    change: ChangeInput.optional(),
    note: Note,
    evidence: Evidence,
  })
  .strict();

export const SourceInput = z
  .object({
    slug: Slug,
    title: Text(500),
    publisher: Text(300).optional(),
    publishedOn: IsoDate,
    editors: z.array(Text(200)).default([]),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'a BCP 47 language tag, e.g. "en"').default('en'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .optional()
      .describe('Where the source is published: an http:// or https:// URL.'),
    textFile: z
      .string()
      .min(1)
      .describe('Path of the source text (UTF-8), relative to this file. It is stored byte for byte.'),
  })
  .strict();

export const KnowledgeFile = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(FORMAT),
    source: SourceInput,
    notes: z.array(Text(4000)).default([]).describe('General curation notes for this source.'),
    metrics: z.array(MetricInput).default([]),
    entities: z.array(EntityInput).default([]),
    relations: z.array(RelationInput).default([]),
    observations: z.array(ObservationInput).default([]),
  })
  .strict()
  .describe('Facts curated from one source for the tradegraph knowledge graph.');

export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
export type EntityInput = z.infer<typeof EntityInput>;
export type RelationInput = z.infer<typeof RelationInput>;
export type ObservationInput = z.infer<typeof ObservationInput>;

/** The JSON Schema published for editors (seed/knowledge.schema.json). */
export function knowledgeJsonSchema(): object {
  return {
    ...z.toJSONSchema(KnowledgeFile, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://github.com/tradegraph/tradegraph/seed/knowledge.schema.json',
    title: 'tradegraph knowledge file',
  };
}
