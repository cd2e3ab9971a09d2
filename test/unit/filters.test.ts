// Filters compile to one Prisma `where`: the shapes for relation quantifiers,
// literal LIKE text, null tests beside other operators, and the size limits.
import { describe, expect, it } from 'vitest';
import { likeLiteral } from '../../src/sql/where-sql.ts';
import { entityWhere, observationWhereOf } from '../../src/schema/filters/index.ts';

describe('entityWhere', () => {
  it('compiles some/every/none over relations per direction', () => {
    const other = { slug: { equals: 'beijing-customs' } };
    expect(entityWhere({ relations: { some: { predicate: { equals: 'SUPERVISES' }, direction: 'INCOMING', other } } })).toEqual({
      incoming: { some: { AND: [{ predicate: { equals: 'SUPERVISES' } }, { subject: { slug: { equals: 'beijing-customs' } } }] } },
    });
    expect(entityWhere({ relations: { some: { other } } })).toEqual({
      OR: [{ outgoing: { some: { object: { slug: { equals: 'beijing-customs' } } } } }, { incoming: { some: { subject: { slug: { equals: 'beijing-customs' } } } } }],
    });
    // every: the relations of the predicate must match; the others are let through.
    expect(entityWhere({ relations: { every: { predicate: { in: ['PART_OF'] }, direction: 'OUTGOING', other } } })).toEqual({
      outgoing: { every: { OR: [{ NOT: { predicate: { in: ['PART_OF'] } } }, { object: { slug: { equals: 'beijing-customs' } } }] } },
    });
    expect(entityWhere({ relations: { none: { other } } })).toEqual({
      AND: [{ outgoing: { none: { object: other } } }, { incoming: { none: { subject: other } } }],
    });
  });

  it('escapes LIKE text, keeps case-insensitivity, and splits a null test from other operators', () => {
    expect(entityWhere({ name: { contains: '50%_off', mode: 'CASE_INSENSITIVE' } })).toEqual({ name: { contains: '50\\%\\_off', mode: 'insensitive' } });
    expect(entityWhere({ description: { isNull: false, startsWith: 'A' } })).toEqual({
      AND: [{ description: { startsWith: 'A' } }, { description: { not: null } }],
    });
    expect(likeLiteral('a\\b')).toBe('a\\\\b');
  });

  it('turns typed attributes into a kind condition', () => {
    expect(entityWhere({ airport: { iataCode: { equals: 'PKX' } } })).toEqual({ kind: 'AIRPORT', airport: { is: { iataCode: { equals: 'PKX' } } } });
  });

  it('refuses filters too deep or too large', () => {
    let deep: object = { slug: { equals: 'x' } };
    for (let i = 0; i < 8; i++) deep = { not: deep };
    expect(() => entityWhere(deep)).toThrow(/nests deeper than 8/);
    expect(() => entityWhere({ or: Array.from({ length: 201 }, () => ({ slug: { equals: 'x' } })) })).toThrow(/more than 200 conditions/);
  });
});

describe('observationWhereOf', () => {
  it('compiles decimal ranges, the reported change and the quote', () => {
    expect(observationWhereOf({ value: { gte: '1', lt: '2' }, change: { exists: true, unit: { equals: 'FOLD' } }, quote: { contains: '%' } })).toEqual({
      AND: [{ value: { gte: '1', lt: '2' }, changeUnit: { equals: 'FOLD' }, evidence: { quote: { contains: '\\%' } } }, { changeBasis: { not: null } }],
    });
  });
});
