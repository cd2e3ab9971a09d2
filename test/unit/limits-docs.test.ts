// The docs say what runs: the limits table of docs/operations.md is the one
// rendered from src/limits.ts, the configuration table gives each
// configurable limit's default as src/limits.ts does, and the configuration
// reads each limit's variable with that default.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS_DOC, limitsTable } from '../../scripts/limits-table.ts';
import { loadConfig } from '../../src/config.ts';
import { type Limit, LIMIT_TABLE } from '../../src/limits.ts';

const doc = readFileSync(LIMITS_DOC, 'utf8');
const configurable = Object.entries(LIMIT_TABLE as Record<string, Limit>).flatMap(([name, l]) => (l.env ? [{ name, env: l.env, value: l.value }] : []));

describe('the limits in the docs', () => {
  it('are the table rendered from src/limits.ts (run `npm run docs:limits` after changing a limit)', () => {
    expect(doc).toContain(limitsTable());
  });

  it.each(configurable)('$env: the configuration table gives its default, $value', ({ env, value }) => {
    expect(doc).toContain(`| \`${env}\` | \`${value}\` |`);
  });

  it.each(configurable)('$env: the configuration reads it, with its default', ({ env, value }) => {
    expect(loadConfig({})[env as keyof ReturnType<typeof loadConfig>]).toBe(value);
    expect(loadConfig({ [env]: String(value + 1) })[env as keyof ReturnType<typeof loadConfig>]).toBe(value + 1);
  });

  it('cover every configurable limit of the request', () => {
    expect(configurable.map((c) => c.env)).toEqual(expect.arrayContaining(['TRADEGRAPH_MAX_DEPTH', 'TRADEGRAPH_MAX_COST', 'TRADEGRAPH_MAX_BODY_BYTES']));
  });
});
