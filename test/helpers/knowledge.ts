// Writes variants of the seed knowledge file (with its source text) into a
// temporary folder, for ingest tests.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED_FILE } from './server.ts';

export type Knowledge = Record<string, any>;

export const SEED_TEXT = path.join(path.dirname(SEED_FILE), 'beijing-trade-h1-2023.txt');

export function seedKnowledge(): Knowledge {
  return JSON.parse(readFileSync(SEED_FILE, 'utf8'));
}

export function scratchFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-ingest-'));
  copyFileSync(SEED_TEXT, path.join(dir, 'beijing-trade-h1-2023.txt'));
  return dir;
}

let counter = 0;

/** Writes a knowledge file (object or raw text/bytes) next to a copy of the seed source text. */
export function writeKnowledge(dir: string, content: Knowledge | string | Buffer): string {
  const file = path.join(dir, `knowledge-${++counter}.json`);
  writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return file;
}
