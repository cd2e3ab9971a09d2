// Reads a knowledge file and its source text from disk, with errors that name
// the file and the place inside it.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeFile } from './knowledge-format.ts';
import type { Problem } from './plan.ts';

export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    const shown = problems.slice(0, 50).map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`);
    const more = problems.length > 50 ? [`  ... and ${problems.length - 50} more`] : [];
    super(`${file}: ${problems.length} problem(s)\n${[...shown, ...more].join('\n')}`);
  }
}

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface LoadedKnowledge {
  file: KnowledgeFile;
  /** The source text, decoded from UTF-8. */
  text: string;
  textSha256: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readUtf8(filePath: string, shownAs: string, maxBytes: number, where: string): Promise<{ text: string; bytes: Buffer }> {
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (err) {
    throw new IngestError(shownAs, [{ path: where, message: `cannot read ${filePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  if (size > maxBytes) {
    throw new IngestError(shownAs, [{ path: where, message: `${filePath} is ${size} bytes; the limit is ${maxBytes} (TRADEGRAPH_INGEST_MAX_BYTES)` }]);
  }
  const bytes = await readFile(filePath);
  try {
    return { text: utf8.decode(bytes), bytes };
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new IngestError(shownAs, [{ path: where, message: `${filePath} is not valid UTF-8 (first bad byte at offset ${at})` }]);
  }
}

/** Offset of the first byte of the first malformed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (len > 1 && (second < lo || second > hi)) return i;
    for (let k = 2; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/** "Unexpected token } in JSON at position 120" -> "line 7, column 3". */
function jsonErrorWhere(json: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = json.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}

/** A knowledge file checked against its format, or an IngestError naming each problem's path in it. */
export function parseKnowledgeFile(raw: unknown, shownAs: string): KnowledgeFile {
  const parsed = KnowledgeFile.safeParse(raw);
  if (!parsed.success) {
    throw new IngestError(
      shownAs,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  return parsed.data;
}

export async function readKnowledgeFile(
  filePath: string,
  maxBytes: number = DEFAULT_MAX_FILE_BYTES,
): Promise<LoadedKnowledge> {
  const shownAs = path.relative(process.cwd(), filePath) || filePath;
  const { text: json } = await readUtf8(filePath, shownAs, maxBytes, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    const message = (err as Error).message;
    throw new IngestError(shownAs, [
      { path: '', message: `not valid JSON: ${jsonErrorWhere(json, message)}${json.trim() === '' ? ' (the file is empty)' : ''}` },
    ]);
  }
  const file = parseKnowledgeFile(raw, shownAs);
  const textPath = path.resolve(path.dirname(filePath), file.source.textFile);
  const { text, bytes } = await readUtf8(textPath, shownAs, maxBytes, 'source.textFile');
  if (text.trim() === '') throw new IngestError(shownAs, [{ path: 'source.textFile', message: `${textPath} is empty` }]);
  return { file, text, textSha256: createHash('sha256').update(bytes).digest('hex') };
}
