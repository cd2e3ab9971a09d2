// Entity attributes: the typed 1:1 table of each kind and how a knowledge
// file's attributes map to its columns. The ingest, the ownership check and
// the bulk loader (tools/generate) all map attributes through this one table.
import type { Prisma } from '../generated/prisma/client.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import type { EntityInput } from './knowledge-format.ts';

type Tx = Prisma.TransactionClient;

export type DetailsRow = { entityId: number } & Record<string, unknown>;

export interface DetailsSpec {
  relation: 'customsOffice' | 'bondedZone' | 'airport' | 'policy' | 'industry' | 'product' | 'region' | 'organization' | 'event';
  row(attributes: Record<string, string | undefined>, id: (slug: string) => number): Record<string, unknown>;
  /** Inserts rows of the kind's attribute table. */
  insert(tx: Tx, rows: DetailsRow[]): Promise<unknown>;
}

const date = (s: string | undefined) => (s ? new Date(`${s}T00:00:00Z`) : null);

/** The typed attribute table of each kind, and how file attributes map to its columns. */
export const DETAILS: Partial<Record<EntityKind, DetailsSpec>> = {
  CUSTOMS_OFFICE: {
    relation: 'customsOffice',
    row: (a, id) => ({
      level: a.level ?? null,
      customsCode: a.customsCode ?? null,
      parentOfficeId: a.parentOffice ? id(a.parentOffice) : null,
    }),
    insert: (tx, rows) => tx.customsOfficeDetails.createMany({ data: rows as Prisma.CustomsOfficeDetailsCreateManyInput[] }),
  },
  BONDED_ZONE: {
    relation: 'bondedZone',
    row: (a) => ({ zoneType: a.zoneType ?? null, focus: a.focus ?? null, establishedOn: date(a.establishedOn) }),
    insert: (tx, rows) => tx.bondedZoneDetails.createMany({ data: rows as Prisma.BondedZoneDetailsCreateManyInput[] }),
  },
  AIRPORT: {
    relation: 'airport',
    row: (a) => ({ iataCode: a.iataCode ?? null, icaoCode: a.icaoCode ?? null }),
    insert: (tx, rows) => tx.airportDetails.createMany({ data: rows as Prisma.AirportDetailsCreateManyInput[] }),
  },
  POLICY: {
    relation: 'policy',
    row: (a) => ({ category: a.category ?? null, launchedOn: date(a.launchedOn) }),
    insert: (tx, rows) => tx.policyDetails.createMany({ data: rows as Prisma.PolicyDetailsCreateManyInput[] }),
  },
  INDUSTRY: {
    relation: 'industry',
    row: (a, id) => ({ parentIndustryId: a.parentIndustry ? id(a.parentIndustry) : null }),
    insert: (tx, rows) => tx.industryDetails.createMany({ data: rows as Prisma.IndustryDetailsCreateManyInput[] }),
  },
  PRODUCT: { relation: 'product', row: (a) => ({ hsCode: a.hsCode ?? null }), insert: (tx, rows) => tx.productDetails.createMany({ data: rows as Prisma.ProductDetailsCreateManyInput[] }) },
  REGION: {
    relation: 'region',
    row: (a) => ({ regionType: a.regionType ?? null, isoCode: a.isoCode ?? null }),
    insert: (tx, rows) => tx.regionDetails.createMany({ data: rows as Prisma.RegionDetailsCreateManyInput[] }),
  },
  ORGANIZATION: { relation: 'organization', row: (a) => ({ orgType: a.orgType ?? null }), insert: (tx, rows) => tx.organizationDetails.createMany({ data: rows as Prisma.OrganizationDetailsCreateManyInput[] }) },
  EVENT: {
    relation: 'event',
    row: (a) => ({ startsOn: date(a.startsOn), endsOn: date(a.endsOn) }),
    insert: (tx, rows) => tx.eventDetails.createMany({ data: rows as Prisma.EventDetailsCreateManyInput[] }),
  },
};

export const DETAIL_RELATIONS = Object.values(DETAILS).map((d) => d.relation);

export function attributesOf(e: EntityInput): Record<string, string | undefined> {
  return (('attributes' in e ? e.attributes : undefined) ?? {}) as Record<string, string | undefined>;
}

/**
 * The typed attribute row (Prisma field names) of a new entity, or null for a
 * kind without an attribute table. The bulk loader (tools/generate) writes the
 * same rows, so both paths map attributes alike.
 */
export function attributeRow(
  e: EntityInput,
  id: (slug: string) => number,
): { relation: DetailsSpec['relation']; row: Record<string, unknown> } | null {
  const spec = DETAILS[e.kind];
  return spec ? { relation: spec.relation, row: spec.row(attributesOf(e), id) } : null;
}

/**
 * The columns (Prisma field names) the attributes a file gives map to, with
 * their values: what a restatement by another source claims, attribute by
 * attribute (an attribute left out claims nothing).
 */
export function givenAttributeColumns(
  e: EntityInput,
  id: (slug: string) => number,
): Array<{ attribute: string; field: string; value: unknown }> {
  const spec = DETAILS[e.kind];
  if (!spec) return [];
  return Object.entries(attributesOf(e)).flatMap(([attribute, value]) => {
    if (value === undefined) return [];
    // Each attribute fills exactly one column: the one set when it alone is given.
    const alone = spec.row({ [attribute]: value }, id);
    return Object.entries(alone)
      .filter(([, v]) => v !== null)
      .map(([field, v]) => ({ attribute, field, value: v }));
  });
}
