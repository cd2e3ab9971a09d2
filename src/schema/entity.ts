// Entities: the nodes of the graph. `Entity` is an interface with one object
// type per kind carrying the kind's typed attributes; root fields list and
// find them. Every kind, its attributes and its root fields come from the kind
// registry (src/domain/kinds.ts); the relations people ask about in domain
// words are in entity-walks.ts.
import { asOfArg } from './as-of.ts';
import { type Attribute, KIND_NAMES, KINDS, lookupFieldOf, TYPE_OF_KIND } from '../domain/kinds.ts';
import { kindModel } from '../domain/kind-models.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { builder, type Types } from './builder.ts';
import { ATTRIBUTE_ENUMS, DirectionEnum, EntityKindEnum, PredicateEnum, SortDirectionEnum } from './enums.ts';
import { EntityFilter, entityWhere } from './filters/index.ts';
import { aggregateEdgeFields, type AggregateOrderArgs, aggregateOrdering, EntityHaving, entityPage, MetricValueInput, RelationCountInput } from './entity-aggregates.ts';
import { allOf, type Ordering, pageOf } from './pagination.ts';
import { loadWalk, relationConnection } from './relation.ts';
import { EvidenceNode } from './source.ts';

export { TYPE_OF_KIND };

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

function kindType(kind: EntityKind) {
  return builder.prismaNode('Entity', {
    variant: TYPE_OF_KIND[kind],
    description: KINDS[kind].description,
    interfaces: [EntityInterface],
    id: { field: 'id' },
    // A global ID names the kind, so an ID of one kind never loads an entity of another.
    findUnique: (id) => ({ id: Number(id), kind }),
    nullable: true,
    fields: () => ({}),
  });
}

export type KindTypeRef = ReturnType<typeof kindType>;

/** The object type of each kind (CustomsOffice, ...). */
export const KIND_TYPES = Object.fromEntries(KIND_NAMES.map((kind) => [kind, kindType(kind)])) as Record<EntityKind, KindTypeRef>;

type Row = Record<string, Record<string, unknown> | null>;

/** A field of the kind's attribute model, selected through Entity's relation to it. */
const attribute = (relation: string, field: string) => ({
  select: { [relation]: { select: { [field]: true } } } as never,
  resolve: (entity: object) => ((entity as Row)[relation]?.[field] ?? null) as never,
});

// Typed attributes of each kind, from its 1:1 attribute model; a reference
// gives the entity it names, and on that entity's type the list of those
// naming it.
for (const kind of KIND_NAMES) {
  const model = kindModel(kind);
  for (const { name, attribute: a, inverseRelation } of model?.attributes ?? []) {
    builder.prismaObjectField(KIND_TYPES[kind], name, (t) => attributeField(t as unknown as FieldBuilder, model!.relation, name, a) as never);
    if (a.type !== 'reference') continue;
    builder.prismaObjectField(KIND_TYPES[a.kind], a.inverse.field, (t) =>
      t.field({
        type: [KIND_TYPES[kind]],
        description: a.inverse.description,
        select: (_args, _ctx, nestedSelection) => ({ [inverseRelation!]: { orderBy: { entityId: 'asc' }, select: { entity: nestedSelection(true) } } }) as never,
        resolve: (entity) => ((entity as unknown as Record<string, Array<{ entity: never }>>)[inverseRelation!] ?? []).map((c) => c.entity),
      }),
    );
  }
}

// The field builder of a kind's object type (all kinds share the Entity model's).
type FieldBuilder = PothosSchemaTypes.PrismaObjectFieldBuilder<Types, Types['PrismaTypes']['Entity']>;

function attributeField(t: FieldBuilder, relation: string, name: string, a: Attribute) {
  const described = { nullable: true, description: a.description } as const;
  switch (a.type) {
    case 'text':
    case 'code':
      return t.string({ ...described, ...attribute(relation, name) });
    case 'date':
      return t.field({ type: 'Date', ...described, ...attribute(relation, name) });
    case 'enum':
      return t.field({ type: ATTRIBUTE_ENUMS.get(a.enum.name)! as typeof EntityKindEnum, ...described, ...attribute(relation, name) });
    case 'reference':
      return t.field({
        type: KIND_TYPES[a.kind],
        ...described,
        select: (_args, _ctx, nestedSelection) => ({ [relation]: { select: { [name]: nestedSelection(true) } } }) as never,
        resolve: (entity) => ((entity as unknown as Row)[relation]?.[name] ?? null) as never,
      });
  }
}

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
        includeRetracted: t.arg.boolean({
          defaultValue: false,
          description: 'Also the retracted relations, each with its `relation.retraction` (when, by whom, why).',
        }),
      },
      resolve: (entity, args, ctx, info) =>
        loadWalk(entity, args, { predicates: args.predicates, kinds: args.kinds, direction: args.direction ?? 'BOTH', includeRetracted: args.includeRetracted }, ctx, info),
    },
    EntityRelationConnection,
  ),
);

// Root fields.
const EntityOrderField = builder.enumType('EntityOrderField', {
  description: 'What to order entities by.',
  values: {
    NAME: { description: 'By name, then by ID.' },
    SLUG: { description: 'By slug.' },
    CREATED_AT: { description: 'By when the entity entered the graph.' },
    RELATION_COUNT: { description: 'By how many relations (of the predicates in `relations`) the entity has, then by ID.' },
    METRIC_VALUE: { description: 'By a value of a metric (`metricValue`): the latest period\'s, or one period\'s; entities without one come last.' },
  } as const,
});

const EntityOrder = builder.inputType('EntityOrder', {
  description: 'How to order a list of entities.',
  fields: (t) => ({
    field: t.field({ type: EntityOrderField, required: true, description: 'The key to order by; ties are broken by ID.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'Smallest first (ASC) or largest first (DESC).' }),
    relations: t.field({ type: RelationCountInput, description: 'For RELATION_COUNT: which relations to count (all when omitted).' }),
    metricValue: t.field({ type: MetricValueInput, description: 'For METRIC_VALUE: which metric, and optionally which period.' }),
  }),
});

export function entityOrdering(order: AggregateOrderArgs | null | undefined): Ordering {
  const aggregate = aggregateOrdering(order);
  if (aggregate) return aggregate;
  const [field, type] = ({ NAME: ['name', 'text'], SLUG: ['slug', 'text'], CREATED_AT: ['createdAt', 'date'] } as const)[(order?.field ?? 'NAME') as 'NAME' | 'SLUG' | 'CREATED_AT'];
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
    args: { slug: t.arg.string({ required: true, description: 'The entity\'s slug, e.g. "beijing-customs".' }), ...asOfArg(t.arg) },
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
        having: t.arg({ type: EntityHaving, description: 'Only entities whose relation counts or metric values lie within bounds.' }),
        ...asOfArg(t.arg),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = pageOf(args, entityOrdering(args.orderBy));
        const kinds = [...(args.kind ? [args.kind] : []), ...(args.kinds ?? [])];
        const where = allOf<Prisma.EntityWhereInput>(kinds.length ? { kind: { in: kinds } } : {}, args.filter ? entityWhere(args.filter) : {});
        return entityPage(ctx, info, page, where, args);
      },
    },
    { name: 'EntityConnection' },
    { fields: aggregateEdgeFields as never },
  ),
}));

// Per kind, from the registry: a typed lookup by slug (customsOffice, ...)
// returning the kind's own type, so a client's typed fragment needs no type
// condition (like entity(slug:), an unknown slug is null; so is the slug of an
// entity of another kind); and a list (customsOffices, ...).
for (const kind of KIND_NAMES) {
  const typeName = TYPE_OF_KIND[kind];
  const what = typeName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  builder.queryField(lookupFieldOf(kind), (t) =>
    t.prismaField({
      type: KIND_TYPES[kind],
      nullable: true,
      description: `The ${what} with this slug; null if there is none (or the slug names an entity of another kind).`,
      args: { slug: t.arg.string({ required: true, description: `The ${what}'s slug.` }), ...asOfArg(t.arg) },
      resolve: (query, _root, { slug }, ctx) => ctx.prisma.entity.findUnique({ ...query, where: { slug, kind } }),
    }),
  );
}

for (const kind of KIND_NAMES) {
  const typeName = TYPE_OF_KIND[kind];
  builder.queryField(KINDS[kind].listField, (t) =>
    t.connection(
      {
        type: KIND_TYPES[kind],
        description: `All ${typeName} entities, or those matching a filter, ordered by name unless told otherwise.`,
        args: {
          filter: t.arg({ type: EntityFilter, description: `Only ${typeName} entities matching this filter.` }),
          orderBy: t.arg({ type: EntityOrder, description: 'Default: by name.' }),
          having: t.arg({ type: EntityHaving, description: 'Only entities whose relation counts or metric values lie within bounds.' }),
          ...asOfArg(t.arg),
        },
        resolve: async (_root, args, ctx, info) => {
          const page = pageOf(args, entityOrdering(args.orderBy));
          const where = allOf<Prisma.EntityWhereInput>({ kind }, args.filter ? entityWhere(args.filter) : {});
          return entityPage(ctx, info, page, where, args, { typeName });
        },
      },
      { name: `${typeName}Connection` },
      { fields: aggregateEdgeFields as never },
    ),
  );
}
