// The typed attributes of each kind of entity: what the panel calls them and
// how it shows their values, derived from the kind registry
// (src/domain/kinds.ts); the entity query asks for exactly these fields.
// References to other entities are not listed here: the panel shows them as
// relations.
import { type Attribute, type AttributeName, KIND_NAMES, KINDS, TYPE_OF_KIND } from '../../domain/kinds.ts';
import { humanize } from './format.ts';
import type { KindName } from './kinds.ts';

export type { AttributeName };

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
export const KIND_ATTRIBUTES = Object.fromEntries(
  KIND_NAMES.map((kind) => [
    kind,
    Object.fromEntries(
      Object.entries(KINDS[kind].attributes as Record<string, Attribute>)
        .filter(([, a]) => a.type !== 'reference')
        .map(([name, a]) => [name, { label: a.label, format: a.type as AttributeFormat }]),
    ),
  ]),
) as Record<KindName, Record<string, AttributeSpec>>;

/** The GraphQL type of a kind: CUSTOMS_OFFICE -> CustomsOffice. */
export function typeNameOf(kind: KindName): string {
  return TYPE_OF_KIND[kind];
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
