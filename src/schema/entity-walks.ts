// Relations in domain words, both ways (a customs office's `supervises`, a
// zone's `supervisedBy`, ...). Each is a connection whose edges carry the
// relation's qualifiers and evidence; every parent's page is loaded in the
// same statement as the parents themselves.
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';
import { EntityInterface, EntityRelationConnection, KIND_TYPES, type KindTypeRef } from './entity.ts';
import { loadWalk, relationConnection, type Walk } from './relation.ts';

const { CUSTOMS_OFFICE: CustomsOffice, BONDED_ZONE: BondedZone, AIRPORT: Airport, POLICY: Policy, INDUSTRY: Industry, PRODUCT: Product } = KIND_TYPES;
const { REGION: Region, PERSON: Person, ORGANIZATION: Organization, EVENT: Event } = KIND_TYPES;

type EntityRef = typeof EntityInterface | KindTypeRef;

/** Every walk field, by `Type.field`, for the read compiler (src/schema/compiled/). */
export const WALK_FIELDS = new Map<string, Walk>();

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
  builder.prismaObjectField(parent as KindTypeRef, name, (t) =>
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

