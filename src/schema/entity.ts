// Entities: the nodes of the graph. `Entity` is an interface with one object
// type per kind carrying the kind's typed attributes and the relations people
// ask about in domain words, both ways; root fields list and find them.
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import type { Entity, Prisma } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import {
  BondedZoneTypeEnum,
  CustomsOfficeLevelEnum,
  DirectionEnum,
  EntityKindEnum,
  PredicateEnum,
  RegionTypeEnum,
  SortDirectionEnum,
} from './enums.ts';
import { EntityFilter, entityWhere } from './filters.ts';
import { rootPage } from './loaders.ts';
import { allOf, type Ordering, pageOf } from './pagination.ts';
import { loadWalk, relationConnection, type Walk } from './relation.ts';
import { EvidenceNode } from './source.ts';

export const TYPE_OF_KIND: Record<EntityKind, string> = {
  CUSTOMS_OFFICE: 'CustomsOffice',
  BONDED_ZONE: 'BondedZone',
  AIRPORT: 'Airport',
  POLICY: 'Policy',
  INDUSTRY: 'Industry',
  PRODUCT: 'Product',
  REGION: 'Region',
  PERSON: 'Person',
  ORGANIZATION: 'Organization',
  EVENT: 'Event',
};

export const EntityInterface = builder.prismaInterface('Entity', {
  name: 'Entity',
  description:
    'A node of the knowledge graph: a customs office, zone, airport, policy, industry, product, region, person, organisation or event. Each kind is its own object type with typed attributes.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => TYPE_OF_KIND[entity.kind],
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable identifier, e.g. "beijing-customs".' }),
    name: t.exposeString('name', { description: 'The name the sources use, in English.' }),
    kind: t.expose('kind', { type: EntityKindEnum, description: 'What the entity is; also told by its type (`__typename`).' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names, in English and Chinese where known.' }),
    description: t.exposeString('description', { nullable: true, description: "A curator's one-line description." }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the entity entered the graph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When an ingest last changed it.' }),
    mentions: t.field({
      type: [EvidenceNode],
      description: 'Passages of the sources that name this entity.',
      select: (_args, _ctx, nestedSelection) => ({
        mentions: { orderBy: { evidenceId: 'asc' }, select: { evidence: nestedSelection(true) } },
      }),
      resolve: (entity) => (entity as unknown as { mentions: Array<{ evidence: never }> }).mentions.map((m) => m.evidence),
    }),
  }),
});

export const EntityRelationConnection = relationConnection(EntityInterface, 'EntityRelation');

/** Every walk field, by `Type.field`, for the read compiler (src/schema/compiled/). */
export const WALK_FIELDS = new Map<string, Walk>();

type EntityRef = typeof EntityInterface | ReturnType<typeof kindType>;

/**
 * Adds a connection field that walks relations from an entity. Every parent's
 * page is loaded in the same statement as the parents themselves.
 */
function walkField(
  parent: EntityRef,
  name: string,
  walk: Walk,
  description: string,
  target: { node: EntityRef; connection: ReturnType<typeof relationConnection>; typeName?: string } = {
    node: EntityInterface,
    connection: EntityRelationConnection,
  },
) {
  WALK_FIELDS.set(`${parent.name}.${name}`, walk);
  builder.prismaObjectField(parent as ReturnType<typeof kindType>, name, (t) =>
    t.connection(
      {
        type: target.node,
        description,
        resolve: (entity, args, ctx, info) => loadWalk(entity, args, walk, ctx, info, target.typeName),
      },
      target.connection,
    ),
  );
}

function kindType(kind: EntityKind, description: string) {
  return builder.prismaNode('Entity', {
    variant: TYPE_OF_KIND[kind],
    description,
    interfaces: [EntityInterface],
    id: { field: 'id' },
    // A global ID names the kind, so an ID of one kind never loads an entity of another.
    findUnique: (id) => ({ id: Number(id), kind }),
    nullable: true,
    fields: () => ({}),
  });
}

const attribute = <K extends keyof Prisma.EntityInclude>(relation: K, column: string) => ({
  select: { [relation]: { select: { [column]: true } } } as Record<K, { select: Record<string, true> }>,
  resolve: (entity: object) =>
    ((entity as Record<string, Record<string, unknown> | null>)[relation]?.[column] ?? null) as never,
});

export const CustomsOffice = kindType('CUSTOMS_OFFICE', 'A customs office: the General Administration, a customs district such as Beijing Customs, or a subordinate office.');
export const BondedZone = kindType('BONDED_ZONE', 'A special customs supervision area, e.g. a comprehensive bonded zone, where goods move under bond.');
export const Airport = kindType('AIRPORT', 'An airport, as a port of entry under customs supervision.');
export const Policy = kindType('POLICY', 'A policy, measure, reform, model, mechanism or programme.');
export const Industry = kindType('INDUSTRY', 'An industry or group of industries.');
export const Product = kindType('PRODUCT', 'A traded product or group of products.');
export const Region = kindType('REGION', 'A country, province, municipality, city, district or economic region.');
export const Person = kindType('PERSON', 'A person named by a source.');
export const Organization = kindType('ORGANIZATION', 'An organisation other than a customs office, e.g. a Party committee or an enterprise.');
export const Event = kindType('EVENT', 'Something that happened at a time, e.g. a press conference.');

const ENTITY_TYPES: Record<EntityKind, EntityRef> = {
  CUSTOMS_OFFICE: CustomsOffice,
  BONDED_ZONE: BondedZone,
  AIRPORT: Airport,
  POLICY: Policy,
  INDUSTRY: Industry,
  PRODUCT: Product,
  REGION: Region,
  PERSON: Person,
  ORGANIZATION: Organization,
  EVENT: Event,
};

// Typed attributes of each kind, from its 1:1 attribute table.
builder.prismaObjectFields(CustomsOffice, (t) => ({
  level: t.field({ type: CustomsOfficeLevelEnum, nullable: true, description: 'Place in the customs hierarchy.', ...attribute('customsOffice', 'level') }),
  customsCode: t.string({ nullable: true, description: 'The office code used in customs declarations.', ...attribute('customsOffice', 'customsCode') }),
  parentOffice: t.field({
    type: CustomsOffice,
    nullable: true,
    description: 'The office this one reports to.',
    select: (_args, _ctx, nestedSelection) => ({ customsOffice: { select: { parentOffice: nestedSelection(true) } } }),
    resolve: (entity) => (entity as unknown as { customsOffice: { parentOffice: never } | null }).customsOffice?.parentOffice ?? null,
  }),
  childOffices: t.field({
    type: [CustomsOffice],
    description: 'Offices that report to this one.',
    select: (_args, _ctx, nestedSelection) => ({ childOffices: { orderBy: { entityId: 'asc' }, select: { entity: nestedSelection(true) } } }),
    resolve: (entity) => (entity as unknown as { childOffices: Array<{ entity: never }> }).childOffices.map((c) => c.entity),
  }),
}));

builder.prismaObjectFields(BondedZone, (t) => ({
  zoneType: t.field({ type: BondedZoneTypeEnum, nullable: true, description: 'The legal type of the zone.', ...attribute('bondedZone', 'zoneType') }),
  focus: t.string({ nullable: true, description: 'What the zone concentrates on, e.g. research and development.', ...attribute('bondedZone', 'focus') }),
  establishedOn: t.field({ type: 'Date', nullable: true, description: 'When the zone was established, when known.', ...attribute('bondedZone', 'establishedOn') }),
}));

builder.prismaObjectFields(Airport, (t) => ({
  iataCode: t.string({ nullable: true, description: 'Three-letter IATA code, e.g. PKX.', ...attribute('airport', 'iataCode') }),
  icaoCode: t.string({ nullable: true, description: 'Four-letter ICAO code, e.g. ZBAD.', ...attribute('airport', 'icaoCode') }),
}));

builder.prismaObjectFields(Policy, (t) => ({
  category: t.string({ nullable: true, description: 'Free-text category, e.g. "tax" or "customs clearance".', ...attribute('policy', 'category') }),
  launchedOn: t.field({ type: 'Date', nullable: true, description: 'When the policy was launched, when known.', ...attribute('policy', 'launchedOn') }),
}));

builder.prismaObjectFields(Industry, (t) => ({
  parentIndustry: t.field({
    type: Industry,
    nullable: true,
    description: 'The broader industry this one belongs to.',
    select: (_args, _ctx, nestedSelection) => ({ industry: { select: { parentIndustry: nestedSelection(true) } } }),
    resolve: (entity) => (entity as unknown as { industry: { parentIndustry: never } | null }).industry?.parentIndustry ?? null,
  }),
  subIndustries: t.field({
    description: 'Narrower industries that belong to this one.',
    type: [Industry],
    select: (_args, _ctx, nestedSelection) => ({ childIndustries: { orderBy: { entityId: 'asc' }, select: { entity: nestedSelection(true) } } }),
    resolve: (entity) => (entity as unknown as { childIndustries: Array<{ entity: never }> }).childIndustries.map((c) => c.entity),
  }),
}));

builder.prismaObjectFields(Product, (t) => ({
  hsCode: t.string({ nullable: true, description: 'Harmonized System heading(s), e.g. "8507.60".', ...attribute('product', 'hsCode') }),
}));

builder.prismaObjectFields(Region, (t) => ({
  regionType: t.field({ type: RegionTypeEnum, nullable: true, description: 'The administrative or economic level.', ...attribute('region', 'regionType') }),
  isoCode: t.string({ nullable: true, description: 'ISO 3166 code, e.g. CN-BJ.', ...attribute('region', 'isoCode') }),
}));

builder.prismaObjectFields(Organization, (t) => ({
  orgType: t.string({ nullable: true, description: 'Free-text type, e.g. "party committee".', ...attribute('organization', 'orgType') }),
}));

builder.prismaObjectFields(Event, (t) => ({
  startsOn: t.field({ type: 'Date', nullable: true, description: 'First day of the event.', ...attribute('event', 'startsOn') }),
  endsOn: t.field({ type: 'Date', nullable: true, description: 'Last day of the event.', ...attribute('event', 'endsOn') }),
}));

// Relations in domain words, both ways. Each is a connection whose edges
// carry the relation's qualifiers and evidence.
const typed = (node: EntityRef, name: string) => ({ node, connection: relationConnection(node, `${name}Relation`), typeName: name });
const CustomsOffices = typed(CustomsOffice, 'CustomsOffice');
const Policies = typed(Policy, 'Policy');
const BondedZones = typed(BondedZone, 'BondedZone');
const Regions = typed(Region, 'Region');
const People = typed(Person, 'Person');

const walk = (direction: Walk['direction'], predicate: Predicate, kinds?: EntityKind[]): Walk => ({
  direction,
  predicates: [predicate],
  kinds,
});

walkField(CustomsOffice, 'supervises', walk('OUTGOING', 'SUPERVISES'), 'Zones, airports and other places this office supervises.');
walkField(CustomsOffice, 'policies', walk('INCOMING', 'IMPLEMENTED_BY', ['POLICY']), 'Policies and measures this office implements or leads.', Policies);
walkField(CustomsOffice, 'focusesOn', walk('OUTGOING', 'FOCUSES_ON'), 'Industries and products this office concentrates on.');
walkField(CustomsOffice, 'people', walk('INCOMING', 'HOLDS_ROLE_AT', ['PERSON']), 'People who hold a role at this office (the role is on the edge).', People);

walkField(BondedZone, 'supervisedBy', walk('INCOMING', 'SUPERVISES', ['CUSTOMS_OFFICE']), 'Customs offices that supervise this zone.', CustomsOffices);
walkField(BondedZone, 'regions', walk('OUTGOING', 'LOCATED_IN', ['REGION']), 'Regions the zone lies in.', Regions);
walkField(BondedZone, 'hostedBy', walk('INCOMING', 'HOSTS'), 'Places that host this zone, e.g. an airport.');
walkField(BondedZone, 'policies', walk('INCOMING', 'APPLIES_TO', ['POLICY']), 'Policies and models that apply to this zone.', Policies);

walkField(Airport, 'supervisedBy', walk('INCOMING', 'SUPERVISES', ['CUSTOMS_OFFICE']), 'Customs offices that supervise this airport.', CustomsOffices);
walkField(Airport, 'bondedAreas', walk('OUTGOING', 'HOSTS', ['BONDED_ZONE']), 'Bonded zones and areas at this airport.', BondedZones);
walkField(Airport, 'linkedBy', walk('INCOMING', 'LINKS', ['POLICY']), 'Channels and programmes that link this airport with others.', Policies);
walkField(Airport, 'regions', walk('OUTGOING', 'LOCATED_IN', ['REGION']), 'Regions the airport lies in.', Regions);

walkField(Policy, 'appliesTo', walk('OUTGOING', 'APPLIES_TO'), 'Industries, products, zones and regions the policy applies to.');
walkField(Policy, 'implementedBy', walk('OUTGOING', 'IMPLEMENTED_BY'), 'Offices and bodies that implement or lead the policy (a lead role is on the edge).');
walkField(Policy, 'links', walk('OUTGOING', 'LINKS'), 'Places a channel or mechanism connects.');
walkField(Policy, 'creditedBy', walk('INCOMING', 'CREDITS'), 'People and bodies who credit results to this policy.');

walkField(Industry, 'policies', walk('INCOMING', 'APPLIES_TO', ['POLICY']), 'Policies that apply to this industry.', Policies);
walkField(Industry, 'focusedOnBy', walk('INCOMING', 'FOCUSES_ON'), 'Offices, zones and bodies that concentrate on this industry.');
walkField(Product, 'policies', walk('INCOMING', 'APPLIES_TO', ['POLICY']), 'Policies that apply to this product.', Policies);

walkField(Region, 'partOf', walk('OUTGOING', 'PART_OF', ['REGION']), 'Larger regions this one belongs to.', Regions);
walkField(Region, 'parts', walk('INCOMING', 'PART_OF'), 'Regions and bodies that are part of this region.');
walkField(Region, 'locatedHere', walk('INCOMING', 'LOCATED_IN'), 'Zones, airports, offices and events located in this region.');
walkField(Region, 'policies', walk('INCOMING', 'APPLIES_TO', ['POLICY']), 'Policies that apply to this region.', Policies);

walkField(Person, 'roles', walk('OUTGOING', 'HOLDS_ROLE_AT'), 'Offices and organisations where the person holds a role; the edge says which role.');
walkField(Person, 'credits', walk('OUTGOING', 'CREDITS'), 'What the person credits results to.');
walkField(Organization, 'people', walk('INCOMING', 'HOLDS_ROLE_AT', ['PERSON']), 'People who hold a role here (the role is on the edge).', People);
walkField(Organization, 'partOf', walk('OUTGOING', 'PART_OF'), 'What this organisation is part of.');
walkField(Event, 'regions', walk('OUTGOING', 'LOCATED_IN', ['REGION']), 'Where the event took place.', Regions);

// The generic walk, on every entity.
builder.prismaInterfaceField(EntityInterface, 'relations', (t) =>
  t.connection(
    {
      type: EntityInterface,
      description:
        'Every relation of this entity, optionally only some predicates or one direction. Each edge carries the relation (predicate, qualifiers, evidence); its node is the entity at the other end.',
      args: {
        predicates: t.arg({ type: [PredicateEnum], description: 'Only these predicates (all when omitted).' }),
        direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Relations where the entity is the subject (OUTGOING), the object (INCOMING), or either.' }),
        kinds: t.arg({ type: [EntityKindEnum], description: 'Only relations whose other end is of these kinds.' }),
      },
      resolve: (entity, args, ctx, info) =>
        loadWalk(entity, args, { predicates: args.predicates, kinds: args.kinds, direction: args.direction ?? 'BOTH' }, ctx, info),
    },
    EntityRelationConnection,
  ),
);

// Root fields.
const EntityOrderField = builder.enumType('EntityOrderField', {
  description: 'What to order entities by.',
  values: { NAME: { description: 'By name, then by ID.' }, SLUG: { description: 'By slug.' }, CREATED_AT: { description: 'By when the entity entered the graph.' } } as const,
});

const EntityOrder = builder.inputType('EntityOrder', {
  description: 'How to order a list of entities.',
  fields: (t) => ({
    field: t.field({ type: EntityOrderField, required: true, description: 'The key to order by; ties are broken by ID.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'Smallest first (ASC) or largest first (DESC).' }),
  }),
});

export function entityOrdering(order: { field: 'NAME' | 'SLUG' | 'CREATED_AT'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Ordering {
  const [field, type] = ({ NAME: ['name', 'text'], SLUG: ['slug', 'text'], CREATED_AT: ['createdAt', 'date'] } as const)[order?.field ?? 'NAME'];
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  return {
    name: `entity-${field}-${direction}`,
    keys: field === 'slug' ? [{ field, direction, type }] : [{ field, direction, type }, { field: 'id', direction, type: 'int' }],
  };
}


builder.queryFields((t) => ({
  entity: t.prismaField({
    type: EntityInterface,
    nullable: true,
    description: 'An entity by its slug, e.g. "beijing-customs"; null if there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The entity\'s slug, e.g. "beijing-customs".' }) },
    resolve: (query, _root, { slug }, ctx) => ctx.prisma.entity.findUnique({ ...query, where: { slug } }),
  }),
  entities: t.connection(
    {
      type: EntityInterface,
      description: 'All entities, or those of some kinds or matching a filter, ordered by name unless told otherwise.',
      args: {
        kind: t.arg({ type: EntityKindEnum, description: 'Only entities of this kind.' }),
        kinds: t.arg({ type: [EntityKindEnum], description: 'Only entities of these kinds.' }),
        filter: t.arg({ type: EntityFilter, description: 'Only entities matching this filter, e.g. zones supervised by Beijing Customs.' }),
        orderBy: t.arg({ type: EntityOrder, description: 'Default: by name.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = pageOf(args, entityOrdering(args.orderBy));
        const kinds = [...(args.kind ? [args.kind] : []), ...(args.kinds ?? [])];
        const where = allOf<Prisma.EntityWhereInput>(kinds.length ? { kind: { in: kinds } } : {}, args.filter ? entityWhere(args.filter) : {});
        return rootPage<Entity>(ctx, info, 'entity', page, where);
      },
    },
    { name: 'EntityConnection' },
  ),
}));

// Typed lookups by slug, one per kind (customsOffice, bondedZone, ...),
// derived from TYPE_OF_KIND: each returns the kind's own type, so a client's
// typed fragment needs no type condition. Like entity(slug:), an unknown slug
// is null; so is the slug of an entity of another kind.
for (const [kind, typeName] of Object.entries(TYPE_OF_KIND) as Array<[EntityKind, string]>) {
  const what = typeName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  builder.queryField(typeName[0]!.toLowerCase() + typeName.slice(1), (t) =>
    t.prismaField({
      type: ENTITY_TYPES[kind] as typeof CustomsOffice,
      nullable: true,
      description: `The ${what} with this slug; null if there is none (or the slug names an entity of another kind).`,
      args: { slug: t.arg.string({ required: true, description: `The ${what}'s slug.` }) },
      resolve: (query, _root, { slug }, ctx) => ctx.prisma.entity.findUnique({ ...query, where: { slug, kind } }),
    }),
  );
}

const KIND_ROOTS: Array<[string, EntityKind, string]> = [
  ['customsOffices', 'CUSTOMS_OFFICE', 'CustomsOffice'],
  ['bondedZones', 'BONDED_ZONE', 'BondedZone'],
  ['airports', 'AIRPORT', 'Airport'],
  ['policies', 'POLICY', 'Policy'],
  ['industries', 'INDUSTRY', 'Industry'],
  ['products', 'PRODUCT', 'Product'],
  ['regions', 'REGION', 'Region'],
  ['people', 'PERSON', 'Person'],
  ['organizations', 'ORGANIZATION', 'Organization'],
  ['events', 'EVENT', 'Event'],
];

for (const [field, kind, typeName] of KIND_ROOTS) {
  builder.queryField(field, (t) =>
    t.connection(
      {
        type: ENTITY_TYPES[kind] as typeof CustomsOffice,
        description: `All ${typeName} entities, or those matching a filter, ordered by name unless told otherwise.`,
        args: {
          filter: t.arg({ type: EntityFilter, description: `Only ${typeName} entities matching this filter.` }),
          orderBy: t.arg({ type: EntityOrder, description: 'Default: by name.' }),
        },
        resolve: async (_root, args, ctx, info) => {
          const page = pageOf(args, entityOrdering(args.orderBy));
          const where = allOf<Prisma.EntityWhereInput>({ kind }, args.filter ? entityWhere(args.filter) : {});
          return rootPage<Entity>(ctx, info, 'entity', page, where, { typeName });
        },
      },
      { name: `${typeName}Connection` },
    ),
  );
}
