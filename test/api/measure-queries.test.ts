// npm run limits measures a client's own documents, also those with required
// variables: given after the file with --variables, beside it as
// name.variables.json, or else measured with stand-ins that it names.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { queryFiles, withStandIns } from '../../scripts/measure-queries.ts';
import { measureQuery } from '../../src/http/query-limits.ts';
import { schema } from '../../src/schema/index.ts';
import { LIMITS } from '../../src/limits.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WALK = `query Walk($slug: String!, $first: Int!, $period: PeriodFilter!, $kinds: [EntityKind!]!, $value: Decimal!) {
  entity(slug: $slug) {
    name
    relations(first: $first, kinds: $kinds) { nodes { name } }
    observations(first: $first, period: $period, filter: { value: { gt: $value } }) { nodes { value } }
  }
}`;

describe('npm run limits with a document of its own', () => {
  it('measures required variables with stand-ins, and names them', () => {
    const { variables, standIns } = withStandIns(schema, WALK, { slug: 'beijing-customs' });
    expect(standIns).toEqual(['$first', '$period', '$kinds', '$value']);
    expect(variables).toMatchObject({ slug: 'beijing-customs', first: LIMITS.defaultPageSize, kinds: [] });
    expect(measureQuery(schema, WALK, variables).cost).toBeGreaterThan(LIMITS.defaultPageSize);
  });

  it('reads variables given after a file, or beside it', () => {
    const file = path.join(dir, 'walk.graphql');
    writeFileSync(file, WALK);
    writeFileSync(path.join(dir, 'walk.variables.json'), JSON.stringify({ slug: 'beijing', first: 7 }));
    const [beside, given] = queryFiles([file, file, '--variables', '{"first": 3}']);
    expect(beside!.variables).toEqual({ slug: 'beijing', first: 7 });
    expect(given!.variables).toEqual({ first: 3 });
    expect(() => queryFiles(['--variables', '{}'])).toThrow(/after a query file/);
  });

  it('prints the measure of a document with required variables instead of an error', async () => {
    const file = path.join(dir, 'bare.graphql');
    writeFileSync(file, WALK);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/measure-queries.ts', file, '--variables', '{"first": 50}'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
    });
    const row = stdout.split('\n').find((line) => line.includes('bare.graphql'))!;
    expect(row).toMatch(/stand-ins for \$slug, \$period, \$kinds, \$value/);
    expect(row).not.toMatch(/not provided|error/i);
    // One cell per limit: the cost of two pages of 50 is in it.
    expect(row).toContain(` ${measureQuery(schema, WALK, withStandIns(schema, WALK, { first: 50 }).variables).cost} `);
  });
});
