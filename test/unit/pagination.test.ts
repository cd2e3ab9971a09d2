import { describe, expect, it } from 'vitest';
import { connectionOf, decodeCursor, encodeCursor, type Ordering, pageOf, pageQuery, pageSql } from '../../src/schema/pagination.ts';

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

describe('pageSql', () => {
  const sql = (page: ReturnType<typeof pageOf>) => {
    const values: unknown[] = [];
    const out = pageSql(page, (field) => `t.${field}`, (v) => `$${values.push(v)}`);
    return { ...out, values };
  };

  it('cuts at the cursor with an index-friendly bound and orders by the full key', () => {
    expect(sql(pageOf({ first: 2, after: encodeCursor(byName, ['Beijing', 7]) }, byName))).toEqual({
      where: ['(t.name >= $2 AND (t.name > $2 OR (t.name = $2 AND t.id > $1)))'],
      orderBy: 't.name ASC, t.id ASC',
      values: [7, 'Beijing'],
    });
  });

  it('keeps nulls last both ways, as the Prisma form does', () => {
    const after = sql(pageOf({ after: encodeCursor(byChange, ['2.5', 9]) }, byChange));
    expect(after.where).toEqual(['(t.change < $2 OR (t.change = $2 AND t.id < $1) OR t.change IS NULL)']);
    expect(after.orderBy).toBe('t.change DESC NULLS LAST, t.id DESC');
    const afterNull = sql(pageOf({ after: encodeCursor(byChange, [null, 9]) }, byChange));
    expect(afterNull.where).toEqual(['(t.change IS NULL AND t.id < $1)']);
    const backward = sql(pageOf({ last: 3, before: encodeCursor(byChange, [null, 9]) }, byChange));
    expect(backward.where).toEqual(['(t.change IS NOT NULL OR (t.change IS NULL AND t.id > $1))']);
    expect(backward.orderBy).toBe('t.change ASC NULLS FIRST, t.id ASC');
  });
});
