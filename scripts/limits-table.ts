// The limits table of docs/operations.md, rendered from src/limits.ts, so the
// docs cannot drift from what runs. `npm run docs:limits` writes it between
// its markers; test/unit/limits-docs.test.ts fails while the docs hold another.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMIT_TABLE } from '../src/limits.ts';

export const LIMITS_DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'operations.md');
const START = '<!-- limits: generated from src/limits.ts by `npm run docs:limits` -->';
const END = '<!-- /limits -->';

/** The table: each limit's name in `LIMITS`, its value, its variable and its meaning. */
export function limitsTable(): string {
  const rows = Object.entries(LIMIT_TABLE).map(
    ([name, l]) => `| \`${name}\` | ${l.value.toLocaleString('en-US')} | ${'env' in l ? `\`${l.env}\`` : '-'} | ${l.meaning} |`,
  );
  return ['| Limit (`LIMITS.`) | Value | Variable | Meaning |', '| --- | ---: | --- | --- |', ...rows].join('\n');
}

/** `doc` with the table between its markers replaced by the current one. */
export function withLimitsTable(doc: string): string {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${LIMITS_DOC} has no limits table markers (${START} ... ${END})`);
  return `${doc.slice(0, from + START.length)}\n${limitsTable()}\n${doc.slice(to)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(LIMITS_DOC, withLimitsTable(readFileSync(LIMITS_DOC, 'utf8')));
  console.log(`wrote the limits table of ${path.relative(process.cwd(), LIMITS_DOC)}`);
}
