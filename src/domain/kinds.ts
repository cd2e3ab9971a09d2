// The kind registry: every kind of entity declared once, with its GraphQL
// names, its descriptions and its typed attributes. The schema (object types,
// root fields, attribute fields, filters), the knowledge-file format and its
// JSON Schema, the loader's attribute tables, the generator and the explorer
// all derive from this table. Columns are not named here: an attribute is a
// field of the kind's Prisma model, and its column comes from the data model
// (test/unit/kinds.test.ts holds the two together).
//
// Plain data with no Node.js, Prisma client or GraphQL import: the explorer's
// browser bundle imports it too.
import { EntityKind } from '../generated/prisma/enums.ts';

/** A closed list of values an attribute takes: a Prisma enum of the same name, and a GraphQL enum. */
export interface AttributeEnum {
  /** The Prisma and GraphQL enum name. */
  name: string;
  description: string;
  /** What a value tells, for its filter's description: "the level of a customs office". */
  tells: string;
  /** Every value with what it means, in the Prisma enum's order. */
  values: Readonly<Record<string, string>>;
}

/**
 * What an attribute holds, which decides its GraphQL type, its filter, the
 * knowledge file's rule and how the explorer shows it:
 * - `text`: free text (String, StringFilter), trimmed, at most `max` characters;
 * - `code`: an identifier shown exactly as written (String, StringFilter), either
 *   free up to `max` characters or matching `pattern`;
 * - `date`: a calendar date (Date, DateFilter), written YYYY-MM-DD;
 * - `enum`: one value of a closed list (its GraphQL enum and enum filter);
 * - `reference`: another entity of `kind`, given by slug in the file; in GraphQL
 *   the entity itself, and on that entity the list of those referring to it.
 *   References of a kind to itself form a tree (no cycles).
 */
export type AttributeRule =
  | { type: 'text'; max: number }
  | { type: 'code'; max: number; pattern?: undefined }
  | { type: 'code'; pattern: RegExp; message: string }
  | { type: 'date' }
  | { type: 'enum'; enum: AttributeEnum }
  | {
      type: 'reference';
      kind: EntityKind;
      /** What the file's slug names, e.g. "Slug of the office this one reports to.". */
      fileDescription: string;
      /** What a member of the hierarchy is called, e.g. "an office" (for messages). */
      member: string;
      /** The list field on the referenced entity, e.g. childOffices. */
      inverse: { field: string; description: string };
    };

export type Attribute = AttributeRule & {
  /** The GraphQL field's description. */
  description: string;
  /** How the explorer labels it. */
  label: string;
  /** Another attribute of the kind this one may not precede (a date range). */
  notBefore?: string;
};

export interface KindSpec {
  /** The GraphQL object type, e.g. CustomsOffice; its typed lookup root field is the same, lower-cased first (customsOffice). */
  typeName: string;
  /** The root field that lists the kind, e.g. customsOffices. */
  listField: string;
  /** The object type's description. */
  description: string;
  /** The EntityKind enum value's description. */
  kindDescription: string;
  /** The kind in words, for descriptions: "customs office", "customs offices". */
  noun: { one: string; many: string };
  /**
   * The kind's attributes, in the order the API and the explorer list them.
   * A kind with attributes has a 1:1 attribute model in Prisma, reached from
   * `Entity` by the relation field `typeName` lower-cased first (customsOffice);
   * each scalar attribute is a field of that model, a reference the relation
   * field whose foreign key the model holds.
   */
  attributes: Readonly<Record<string, Attribute>>;
}

const CUSTOMS_OFFICE_LEVEL: AttributeEnum = {
  name: 'CustomsOfficeLevel',
  description: 'Place of an office in the hierarchy of Chinese customs.',
  tells: 'the level of a customs office',
  values: {
    GENERAL_ADMINISTRATION: 'The General Administration of Customs (海关总署).',
    DIRECT_CUSTOMS: 'A customs district directly under the General Administration (直属海关), e.g. Beijing Customs.',
    SUBORDINATE_CUSTOMS: 'An office under a customs district (隶属海关), e.g. an airport customs office.',
  },
};

const BONDED_ZONE_TYPE: AttributeEnum = {
  name: 'BondedZoneType',
  description: 'The legal type of a special customs supervision area.',
  tells: 'the type of a bonded zone',
  values: {
    COMPREHENSIVE_BONDED_ZONE: 'Comprehensive bonded zone or area (综合保税区).',
    BONDED_PORT_AREA: 'Bonded port area (保税港区).',
    BONDED_LOGISTICS_CENTER: 'Bonded logistics centre or park.',
    EXPORT_PROCESSING_ZONE: 'Export processing zone.',
    FREE_TRADE_ZONE: 'Free trade zone or pilot free trade zone.',
    OTHER: 'Another kind of special customs supervision area.',
  },
};

const REGION_TYPE: AttributeEnum = {
  name: 'RegionType',
  description: 'The administrative or economic level of a region.',
  tells: 'the type of a region',
  values: {
    COUNTRY: 'A country.',
    PROVINCE: 'A province or autonomous region.',
    MUNICIPALITY: 'A municipality directly under the central government, e.g. Beijing.',
    CITY: 'A city.',
    DISTRICT: 'A district or county.',
    ECONOMIC_REGION: 'A region defined by economic ties, e.g. Beijing-Tianjin-Hebei.',
  },
};

export const KINDS = {
  CUSTOMS_OFFICE: {
    typeName: 'CustomsOffice',
    listField: 'customsOffices',
    description: 'A customs office: the General Administration, a customs district such as Beijing Customs, or a subordinate office.',
    kindDescription: 'A customs office: the General Administration, a customs district or a subordinate office.',
    noun: { one: 'customs office', many: 'customs offices' },
    attributes: {
      level: { type: 'enum', enum: CUSTOMS_OFFICE_LEVEL, description: 'Place in the customs hierarchy.', label: 'Level' },
      customsCode: { type: 'code', max: 20, description: 'The office code used in customs declarations.', label: 'Customs code' },
      parentOffice: {
        type: 'reference',
        kind: 'CUSTOMS_OFFICE',
        fileDescription: 'Slug of the office this one reports to.',
        member: 'an office',
        inverse: { field: 'childOffices', description: 'Offices that report to this one.' },
        description: 'The office this one reports to.',
        label: 'Parent office',
      },
    },
  },
  BONDED_ZONE: {
    typeName: 'BondedZone',
    listField: 'bondedZones',
    description: 'A special customs supervision area, e.g. a comprehensive bonded zone, where goods move under bond.',
    kindDescription: 'A special customs supervision area, e.g. a comprehensive bonded zone.',
    noun: { one: 'bonded zone', many: 'bonded zones' },
    attributes: {
      zoneType: { type: 'enum', enum: BONDED_ZONE_TYPE, description: 'The legal type of the zone.', label: 'Zone type' },
      focus: { type: 'text', max: 500, description: 'What the zone concentrates on, e.g. research and development.', label: 'Focus' },
      establishedOn: { type: 'date', description: 'When the zone was established, when known.', label: 'Established on' },
    },
  },
  AIRPORT: {
    typeName: 'Airport',
    listField: 'airports',
    description: 'An airport, as a port of entry under customs supervision.',
    kindDescription: 'An airport, as a port of entry.',
    noun: { one: 'airport', many: 'airports' },
    attributes: {
      iataCode: { type: 'code', pattern: /^[A-Z]{3}$/, message: 'an IATA code is three capital letters', description: 'Three-letter IATA code, e.g. PKX.', label: 'IATA code' },
      icaoCode: { type: 'code', pattern: /^[A-Z]{4}$/, message: 'an ICAO code is four capital letters', description: 'Four-letter ICAO code, e.g. ZBAD.', label: 'ICAO code' },
    },
  },
  POLICY: {
    typeName: 'Policy',
    listField: 'policies',
    description: 'A policy, measure, reform, model, mechanism or programme.',
    kindDescription: 'A policy, measure, reform, model, mechanism or programme.',
    noun: { one: 'policy', many: 'policies' },
    attributes: {
      category: { type: 'text', max: 100, description: 'Free-text category, e.g. "tax" or "customs clearance".', label: 'Category' },
      launchedOn: { type: 'date', description: 'When the policy was launched, when known.', label: 'Launched on' },
    },
  },
  INDUSTRY: {
    typeName: 'Industry',
    listField: 'industries',
    description: 'An industry or group of industries.',
    kindDescription: 'An industry or group of industries.',
    noun: { one: 'industry', many: 'industries' },
    attributes: {
      parentIndustry: {
        type: 'reference',
        kind: 'INDUSTRY',
        fileDescription: 'Slug of the broader industry.',
        member: 'an industry',
        inverse: { field: 'subIndustries', description: 'Narrower industries that belong to this one.' },
        description: 'The broader industry this one belongs to.',
        label: 'Parent industry',
      },
    },
  },
  PRODUCT: {
    typeName: 'Product',
    listField: 'products',
    description: 'A traded product or group of products.',
    kindDescription: 'A traded product or group of products.',
    noun: { one: 'product', many: 'products' },
    attributes: {
      hsCode: { type: 'code', max: 40, description: 'Harmonized System heading(s), e.g. "8507.60".', label: 'HS code' },
    },
  },
  REGION: {
    typeName: 'Region',
    listField: 'regions',
    description: 'A country, province, municipality, city, district or economic region.',
    kindDescription: 'A country, province, municipality, city, district or economic region.',
    noun: { one: 'region', many: 'regions' },
    attributes: {
      regionType: { type: 'enum', enum: REGION_TYPE, description: 'The administrative or economic level.', label: 'Region type' },
      isoCode: { type: 'code', max: 10, description: 'ISO 3166 code, e.g. CN-BJ.', label: 'ISO code' },
    },
  },
  PERSON: {
    typeName: 'Person',
    listField: 'people',
    description: 'A person named by a source.',
    kindDescription: 'A person.',
    noun: { one: 'person', many: 'people' },
    attributes: {},
  },
  ORGANIZATION: {
    typeName: 'Organization',
    listField: 'organizations',
    description: 'An organisation other than a customs office, e.g. a Party committee or an enterprise.',
    kindDescription: 'An organisation other than a customs office.',
    noun: { one: 'organisation', many: 'organisations' },
    attributes: {
      orgType: { type: 'text', max: 100, description: 'Free-text type, e.g. "party committee".', label: 'Organization type' },
    },
  },
  EVENT: {
    typeName: 'Event',
    listField: 'events',
    description: 'Something that happened at a time, e.g. a press conference.',
    kindDescription: 'Something that happened at a time, e.g. a press conference.',
    noun: { one: 'event', many: 'events' },
    attributes: {
      startsOn: { type: 'date', description: 'First day of the event.', label: 'Starts on' },
      endsOn: { type: 'date', notBefore: 'startsOn', description: 'Last day of the event.', label: 'Ends on' },
    },
  },
} as const satisfies Record<EntityKind, KindSpec>;

export type KindName = EntityKind;

/** Every kind, in the registry's (and the EntityKind enum's) order. */
export const KIND_NAMES = Object.keys(KINDS) as EntityKind[];

/** The registry entry of a kind. */
export const kindSpec = (kind: EntityKind): KindSpec => KINDS[kind];

/** The attribute names of a kind, in order. */
export type AttributeNameOf<K extends EntityKind> = keyof (typeof KINDS)[K]['attributes'] & string;
/** Any attribute name of any kind. */
export type AttributeName = { [K in EntityKind]: AttributeNameOf<K> }[EntityKind];

export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The Prisma relation from Entity to the kind's attribute model (customsOffice),
 * also the name of the kind's condition in EntityFilter; null for a kind
 * without attributes.
 */
export function detailsRelationOf(kind: EntityKind): string | null {
  return Object.keys(KINDS[kind].attributes).length ? lowerFirst(KINDS[kind].typeName) : null;
}

/** The typed lookup root field of a kind: customsOffice(slug:). */
export const lookupFieldOf = (kind: EntityKind) => lowerFirst(KINDS[kind].typeName);

/** The GraphQL type of each kind. */
export const TYPE_OF_KIND = Object.fromEntries(KIND_NAMES.map((k) => [k, KINDS[k].typeName])) as Record<EntityKind, string>;

/** Every attribute of every kind, with its kind and name, in registry order. */
export function allAttributes(): Array<{ kind: EntityKind; name: string; attribute: Attribute }> {
  return KIND_NAMES.flatMap((kind) =>
    Object.entries(KINDS[kind].attributes as Record<string, Attribute>).map(([name, attribute]) => ({ kind, name, attribute })),
  );
}

/** The attribute enums, each once, in the order kinds first use them. */
export function attributeEnums(): AttributeEnum[] {
  const seen = new Map<string, AttributeEnum>();
  for (const { attribute } of allAttributes()) if (attribute.type === 'enum') seen.set(attribute.enum.name, attribute.enum);
  return [...seen.values()];
}

/** "a customs office", "an airport". */
export const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

// Checked at load: the registry's enum list and Prisma's stay the same list.
if (KIND_NAMES.join() !== Object.keys(EntityKind).join()) {
  throw new Error(`the kind registry lists ${KIND_NAMES.join(', ')}; Prisma's EntityKind ${Object.keys(EntityKind).join(', ')}`);
}
