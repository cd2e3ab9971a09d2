// Parent hierarchies stay trees: every cycle a file would close, by itself or
// through the stored graph, is found once, at its first entity in the file.
import { describe, expect, it } from 'vitest';
import { hierarchyCycles } from '../../src/ingest/hierarchy.ts';
import type { KnowledgeFile } from '../../src/ingest/knowledge-format.ts';

const office = (slug: string, parentOffice?: string) => ({ slug, kind: 'CUSTOMS_OFFICE', attributes: parentOffice ? { parentOffice } : {} });
const fileOf = (...entities: object[]) => ({ entities }) as unknown as KnowledgeFile;
const none = new Set<string>();

describe('hierarchyCycles', () => {
  it('accepts chains and trees', () => {
    const file = fileOf(office('a'), office('b', 'a'), office('c', 'b'), office('d', 'b'));
    expect(hierarchyCycles(file, new Map(), none)).toEqual([]);
  });

  it('reports a cycle above the first entity once, at the cycle’s first entity in the file', () => {
    const file = fileOf(office('x', 'a'), office('b', 'a'), office('a', 'b'));
    expect(hierarchyCycles(file, new Map(), none)).toEqual([
      { path: 'entities[1].attributes.parentOffice', message: '"b" → "a" → "b" is a cycle: an office cannot be its own ancestor' },
    ]);
  });

  it('follows stored parents, but not those the file redefines', () => {
    const stored = new Map([['station', 'district'], ['district', 'capital']]);
    expect(hierarchyCycles(fileOf(office('capital', 'station')), stored, none)).toEqual([
      { path: 'entities[0].attributes.parentOffice', message: '"capital" → "station" → "district" → "capital" is a cycle: an office cannot be its own ancestor' },
    ]);
    // The file moves the district to the top: no cycle any more.
    expect(hierarchyCycles(fileOf(office('capital', 'station'), office('district')), stored, none)).toEqual([]);
  });

  it('keeps the stored parent of an entity another source defines', () => {
    const stored = new Map([['station', 'capital']]);
    const file = fileOf(office('capital', 'station'), office('station'));
    expect(hierarchyCycles(file, stored, new Set(['station']))).toHaveLength(1);
  });

  it('leaves a cycle already stored to whoever closed it, and self-parents to the plan', () => {
    const stored = new Map([['p', 'q'], ['q', 'p']]);
    expect(hierarchyCycles(fileOf(office('x', 'p'), office('self', 'self')), stored, none)).toEqual([]);
  });

  it('walks a long chain once', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => office(`o${i}`, i === 0 ? undefined : `o${i - 1}`));
    expect(hierarchyCycles(fileOf(...chain.reverse()), new Map(), none)).toEqual([]);
  });
});
