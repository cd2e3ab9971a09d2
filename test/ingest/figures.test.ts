// Figures as large as the column holds go in through the ingest and come out
// of the API exactly, in plain digits; Decimal inputs are bounded so a huge
// one is a typed client error, never a database error.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';
import { scratchFolder, writeKnowledge } from '../helpers/knowledge.ts';

let api: TestApi;
let dir: string;

beforeAll(async () => {
  api = await openTestApi('seeded');
  dir = scratchFolder();
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A source that reports one import and export value of Tianzhu for 2030. */
async function ingestFigure(slug: string, written: string) {
  const text = `The Tianzhu Comprehensive Bonded Zone handled ${written} yuan in 2030.`;
  writeFileSync(path.join(dir, `${slug}.txt`), text);
  return ingestKnowledgeFile(
    api.db.prisma,
    writeKnowledge(dir, {
      format: 'tradegraph-knowledge/1',
      source: { slug, title: 'A report of huge figures', publishedOn: '2031-01-10', textFile: `${slug}.txt` },
      observations: [
        {
          metric: 'import-export-value',
          subject: 'tianzhu-comprehensive-bonded-zone',
          value: written,
          unit: 'CNY',
          period: { start: '2030-01-01', end: '2030-12-31' },
          evidence: { quote: text },
        },
      ],
    }),
  );
}

const valuesOf = async (source: string) => {
  const response = await api.query(`{ observations(metrics: ["import-export-value"], first: 100) { nodes { value source { slug } } } }`);
  return dataOf(response).observations.nodes.filter((n: any) => n.source.slug === source).map((n: any) => n.value);
};

describe('figures as large as the column holds', () => {
  it('prints 10^21 in plain digits, so everyone still reads observations', async () => {
    await ingestFigure('a-sextillion', '1,000,000,000 trillion');
    expect(await valuesOf('a-sextillion')).toEqual(['1000000000000000000000']);
  });

  it('prints the largest value NUMERIC(30, 6) holds exactly', async () => {
    await ingestFigure('the-largest', '999,999,999,999,999,999,999,999.999999');
    expect(await valuesOf('the-largest')).toEqual(['999999999999999999999999.999999']);
    // Aggregates over it, beyond the column's precision, are plain digits too.
    const stats = dataOf(await api.query(`{ observationStats(groupBy: [METRIC, UNIT]) { metric { slug } unit sum max } }`));
    const group = stats.observationStats.find((g: any) => g.metric.slug === 'import-export-value' && g.unit === 'CNY');
    expect(group.max).toBe('999999999999999999999999.999999');
    // Both huge figures answer one question (Tianzhu, 2030): only the later claim is summed
    // (issue 16), and the sum with the graph's other values still needs 25 whole digits.
    expect(group.sum).toMatch(/^10000000000\d{14}\.999999$/);
  });
});

describe('Decimal inputs', () => {
  const filtered = (value: string) =>
    api.query(`query($v: Decimal) { observations(filter: { value: { gt: $v } }) { totalCount } }`, { v: value });

  it('refuses more fractional digits than it takes, as bad input', async () => {
    const response = await filtered(`0.${'1'.repeat(16_384)}`);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/A Decimal has at most 64 digits before the decimal point and 32 after/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses too many whole digits, as bad input', async () => {
    const response = await filtered('1'.repeat(200));
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes a value with as many digits as it allows', async () => {
    const response = await filtered(`${'9'.repeat(64)}.${'0'.repeat(32)}`);
    expect(dataOf(response).observations.totalCount).toBe(0);
  });
});
