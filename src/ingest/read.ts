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

function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
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

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
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
  const parsed = KnowledgeFile.safeParse(raw);
  if (!parsed.success) {
    throw new IngestError(
      shownAs,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const file = parsed.data;
  const textPath = path.resolve(path.dirname(filePath), file.source.textFile);
  const { text, bytes } = await readUtf8(textPath, shownAs, maxBytes, 'source.textFile');
  if (text.trim() === '') throw new IngestError(shownAs, [{ path: 'source.textFile', message: `${textPath} is empty` }]);
  return { file, text, textSha256: createHash('sha256').update(bytes).digest('hex') };
}
