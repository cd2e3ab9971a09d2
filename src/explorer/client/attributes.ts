// The typed attributes of each kind of entity: what the panel calls them and
// how it shows their values. This is the explorer's one list of them (the
// entity query asks for exactly these fields), until the kind registry holds
// the same facts for the whole project.
import { humanize } from './format.ts';
import type { KindName } from './kinds.ts';

/**
 * How a value reads: `code` and `text` exactly as stored ("PKX", "CN-BJ",
 * "8507.60"), `enum` as words ("MUNICIPALITY" -> "Municipality"), `date` as
 * its ISO date.
 */
export type AttributeFormat = 'code' | 'enum' | 'date' | 'text';

export interface AttributeSpec {
  label: string;
  format: AttributeFormat;
}

/** Per kind, in the order the panel lists them. */
export const KIND_ATTRIBUTES = {
  CUSTOMS_OFFICE: {
    level: { label: 'Level', format: 'enum' },
    customsCode: { label: 'Customs code', format: 'code' },
  },
  BONDED_ZONE: {
    zoneType: { label: 'Zone type', format: 'enum' },
    focus: { label: 'Focus', format: 'text' },
    establishedOn: { label: 'Established on', format: 'date' },
  },
  AIRPORT: {
    iataCode: { label: 'IATA code', format: 'code' },
    icaoCode: { label: 'ICAO code', format: 'code' },
  },
  POLICY: {
    category: { label: 'Category', format: 'text' },
    launchedOn: { label: 'Launched on', format: 'date' },
  },
  INDUSTRY: {},
  PRODUCT: {
    hsCode: { label: 'HS code', format: 'code' },
  },
  REGION: {
    regionType: { label: 'Region type', format: 'enum' },
    isoCode: { label: 'ISO code', format: 'code' },
  },
  PERSON: {},
  ORGANIZATION: {
    orgType: { label: 'Organization type', format: 'text' },
  },
  EVENT: {
    startsOn: { label: 'Starts on', format: 'date' },
    endsOn: { label: 'Ends on', format: 'date' },
  },
} as const satisfies Record<KindName, Record<string, AttributeSpec>>;

type AttributesOf<K extends KindName> = keyof (typeof KIND_ATTRIBUTES)[K];
export type AttributeName = { [K in KindName]: AttributesOf<K> }[KindName] & string;

/** The GraphQL type of a kind: CUSTOMS_OFFICE -> CustomsOffice. */
export function typeNameOf(kind: KindName): string {
  return kind
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `... on Airport { iataCode icaoCode }` for every kind that has attributes. */
export const ATTRIBUTE_SELECTIONS = (Object.entries(KIND_ATTRIBUTES) as Array<[KindName, Record<string, AttributeSpec>]>)
  .filter(([, attributes]) => Object.keys(attributes).length > 0)
  .map(([kind, attributes]) => `... on ${typeNameOf(kind)} { ${Object.keys(attributes).join(' ')} }`)
  .join('\n      ');

export function formatAttribute(value: string, format: AttributeFormat): string {
  return format === 'enum' ? humanize(value) : value;
}

/** The attributes an entity has values for, as [label, value] rows. */
export function attributeRows(kind: KindName, values: Partial<Record<AttributeName, string | null>>): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const specs: Record<string, AttributeSpec> = KIND_ATTRIBUTES[kind] ?? {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name as AttributeName];
    if (value == null || value === '') continue;
    rows.push([spec.label, formatAttribute(value, spec.format)]);
  }
  return rows;
}
