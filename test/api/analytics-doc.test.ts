// docs/analytics.md shows what analysts will see on the seed plus the two
// fictional samples: each query runs there and gives the part of the answer
// the page shows (the page shows the list or object under the root field, or
// the error), and its SQL gives the rows shown in its comments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docAnswers, docQueries, docSql } from '../../scripts/doc-examples.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

const TEXT = readFileSync(path.resolve(import.meta.dirname, '../../docs/analytics.md'), 'utf8');

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('samples');
});
afterAll(() => api?.close());

/** What the page shows of a response: below the root field, through objects of one field, down to the shown shape. */
function shownPart(data: unknown, shown: unknown): unknown {
  let part = data;
  for (;;) {
    if (part === null || typeof part !== 'object' || Array.isArray(part)) return part;
    const keys = Object.keys(part);
    const shownKeys = shown !== null && typeof shown === 'object' && !Array.isArray(shown) ? Object.keys(shown) : [];
    if (keys.length !== 1 || shownKeys.includes(keys[0]!)) return part;
    part = (part as Record<string, unknown>)[keys[0]!];
  }
}

describe('docs/analytics.md', () => {
  it('has its queries and answers where this test finds them', () => {
    expect(docQueries(TEXT).length).toBeGreaterThanOrEqual(7);
    expect(docAnswers(TEXT).length).toBe(docQueries(TEXT).length);
  });

  it.each(docAnswers(TEXT))('$name gives the answer shown', async ({ query, shown }) => {
    const response = await api.query(query);
    if (shown !== null && typeof shown === 'object' && 'message' in shown) {
      expect(response.errors?.[0]).toMatchObject(shown);
      return;
    }
    expect(response.errors).toBeUndefined();
    expect(shownPart(response.data, shown)).toMatchObject(shown as object);
  });

  it.each(docSql(TEXT).map((e, i) => ({ ...e, name: `SQL example ${i + 1}` })))('$name gives the rows in its comments', async ({ sql }) => {
    const statement = sql.replace(/--.*$/gm, '').trim();
    const { rows } = await api.db.pool.query({ text: statement, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } });
    const shown = [...sql.matchAll(/^-- (.*\|.*)$/gm)].map(([, line]) => line!.replace(/\(.*\)/, '').split('|').map((c) => c.trim()));
    expect(rows.map((row: unknown[]) => row.map((v) => (v === null ? '' : String(v))))).toEqual(shown);
  });
});
