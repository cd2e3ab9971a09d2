import { describe, expect, it } from 'vitest';
import { connectionOf, decodeCursor, encodeCursor, type Ordering, pageOf, pageQuery } from '../../src/schema/pagination.ts';
import { keysetSql } from '../../src/sql/keyset.ts';

const byName: Ordering = {
  name: 'by-name',
  keys: [
    { field: 'name', direction: 'asc', type: 'text' },
    { field: 'id', direction: 'asc', type: 'int' },
  ],
};
const byChange: Ordering = {
  name: 'by-change',
  keys: [
    { field: 'change', direction: 'desc', type: 'decimal', nullable: true },
    { field: 'id', direction: 'desc', type: 'int' },
  ],
};

describe('pageOf', () => {
  it('defaults to 20 and refuses pages over the maximum instead of clamping them', () => {
    expect(pageOf({}, byName).size).toBe(20);
    expect(() => pageOf({ first: 101 }, byName)).toThrow(/at most 100/);
    expect(() => pageOf({ last: -1 }, byName)).toThrow(/cannot be negative/);
    expect(() => pageOf({ first: 1, last: 1 }, byName)).toThrow(/not both/);
  });

  it('refuses cursors of another ordering or garbage', () => {
    const cursor = encodeCursor(byChange, [null, 3]);
    expect(() => pageOf({ after: cursor }, byName)).toThrow(/another ordering/);
    expect(() => pageOf({ after: 'not-a-cursor' }, byName)).toThrow(/not a cursor/);
    expect(decodeCursor(byChange, cursor, 'after')).toEqual([null, 3]);
  });
});

describe('pageQuery', () => {
  it('starts an index range at the cursor and orders by the full key', () => {
    const page = pageOf({ first: 2, after: encodeCursor(byName, ['Beijing', 7]) }, byName);
    expect(pageQuery(page)).toEqual({
      where: {
        AND: [
          {
            AND: [
              { name: { gte: 'Beijing' } },
              { OR: [{ name: { gt: 'Beijing' } }, { AND: [{ name: 'Beijing' }, { id: { gt: 7 } }] }] },
            ],
          },
        ],
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: 3,
    });
  });

  it('walks backwards by reversing the order and keeps nulls last as shown', () => {
    const page = pageOf({ last: 2, before: encodeCursor(byChange, ['10', 5]) }, byChange);
    const q = pageQuery(page);
    expect(q.orderBy).toEqual([{ change: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }]);
    expect(q.take).toBe(3);
  });
});

describe('connectionOf', () => {
  const rows = [1, 2, 3].map((id) => ({ id, name: `n${id}` }));

  it('reports a next page when one more row came back', () => {
    const page = pageOf({ first: 2 }, byName);
    const c = connectionOf(rows, page);
    expect(c.edges.map((e) => e.node.id)).toEqual([1, 2]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(c.pageInfo.endCursor).toBe(c.edges[1]!.cursor);
  });

  it('flips rows read backwards and reports the page before', () => {
    const page = pageOf({ last: 2, before: encodeCursor(byName, ['n4', 4]) }, byName);
    const c = connectionOf([...rows].reverse(), page);
    expect(c.edges.map((e) => e.node.id)).toEqual([2, 3]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });
});

describe('keysetSql', () => {
  // Sort fields of real models: keysetSql names and casts them through the column map.
  const byEntityName: Ordering = { ...byName, keys: byName.keys };
  const byChangeValue: Ordering = { ...byChange, keys: [{ ...byChange.keys[0]!, field: 'changeValue' }, byChange.keys[1]!] };
  const sql = (page: ReturnType<typeof pageOf>, model: 'Entity' | 'Observation') => {
    const out = keysetSql(page, model, 't');
    const where = out.where.map((w) => w.text);
    return { where, orderBy: out.orderBy.text, values: out.where.flatMap((w) => w.values) };
  };

  it('cuts at the cursor with an index-friendly bound and orders by the full key', () => {
    expect(sql(pageOf({ first: 2, after: encodeCursor(byEntityName, ['Beijing', 7]) }, byEntityName), 'Entity')).toEqual({
      where: ['(t.name >= $1::text AND (t.name > $2::text OR (t.name = $3::text AND t.id > $4::int)))'],
      orderBy: 't.name ASC, t.id ASC',
      values: ['Beijing', 'Beijing', 'Beijing', 7],
    });
  });

  it('keeps nulls last both ways, as the Prisma form does', () => {
    const after = sql(pageOf({ after: encodeCursor(byChangeValue, ['2.5', 9]) }, byChangeValue), 'Observation');
    expect(after.where).toEqual(['(t.change_value < $1::numeric OR (t.change_value = $2::numeric AND t.id < $3::int) OR t.change_value IS NULL)']);
    expect(after.orderBy).toBe('t.change_value DESC NULLS LAST, t.id DESC');
    const afterNull = sql(pageOf({ after: encodeCursor(byChangeValue, [null, 9]) }, byChangeValue), 'Observation');
    expect(afterNull.where).toEqual(['(t.change_value IS NULL AND t.id < $1::int)']);
    const backward = sql(pageOf({ last: 3, before: encodeCursor(byChangeValue, [null, 9]) }, byChangeValue), 'Observation');
    expect(backward.where).toEqual(['(t.change_value IS NOT NULL OR (t.change_value IS NULL AND t.id > $1::int))']);
    expect(backward.orderBy).toBe('t.change_value ASC NULLS FIRST, t.id ASC');
  });

  it('passes cursor values only as parameters', () => {
    const out = sql(pageOf({ after: encodeCursor(byEntityName, ["x' OR 1=1 --", 1]) }, byEntityName), 'Entity');
    expect(out.where.join(' ')).not.toContain('OR 1=1');
    expect(out.values).toContain("x' OR 1=1 --");
  });
});
