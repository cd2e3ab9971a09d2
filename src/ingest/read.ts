// Reads a knowledge file and its source text from disk, with errors that name
// the file and the place inside it. The source text is confined: it must lie
// in the knowledge file's folder (or under TRADEGRAPH_SOURCES_ROOT), no
// symlink may lead out of there, and only a regular file is read, in chunks,
// up to the size limit, so a FIFO cannot hang the ingest and /dev/zero or a
// /proc file cannot grow it.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeFile } from './knowledge-format.ts';
import type { Problem } from './plan.ts';
import { unstorableStrings } from './unstorable-text.ts';
import { LIMITS } from '../limits.ts';

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

export interface ReadOptions {
  /** Largest knowledge file and source text read, in bytes. */
  maxBytes?: number;
  /** A folder besides the knowledge file's own where source texts may lie (TRADEGRAPH_SOURCES_ROOT). */
  sourcesRoot?: string | undefined;
}

export interface LoadedKnowledge {
  file: KnowledgeFile;
  /** The source text, decoded from UTF-8. */
  text: string;
  textSha256: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const READ_CHUNK_BYTES = 1 << 20;
// O_NONBLOCK: opening a FIFO returns at once (and fstat refuses it) instead of waiting for a writer.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const KIND_OF_FILE: Array<[(stats: Stats) => boolean, string]> = [
  [(s) => s.isDirectory(), 'a directory'],
  [(s) => s.isFIFO(), 'a FIFO'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
];

/** The bytes of a regular file, read in chunks and never more than maxBytes. */
async function readRegularFile(filePath: string, fail: (message: string) => never, maxBytes: number, flags = OPEN_FLAGS): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, flags);
  } catch (err) {
    return fail(`cannot read ${filePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      const kind = KIND_OF_FILE.find(([is]) => is(stats))?.[1] ?? 'a special file';
      return fail(`${filePath} is not a regular file (${kind})`);
    }
    if (stats.size > maxBytes) return fail(`${filePath} is ${stats.size} bytes; the limit is ${maxBytes} (TRADEGRAPH_INGEST_MAX_BYTES)`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return fail(`${filePath} is more than ${maxBytes} bytes, the limit (TRADEGRAPH_INGEST_MAX_BYTES)`);
    }
    // A /proc or /sys file reports 0 bytes and yields more: only files on disk are sources.
    if (total !== stats.size) {
      return fail(`${filePath} reported ${stats.size} bytes but ${total} were read: not a file on disk, or it changed while it was read`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

function decodeUtf8(bytes: Buffer, filePath: string, fail: (message: string) => never): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return fail(`${filePath} is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)})`);
  }
}

const isInside = (file: string, folder: string) => {
  const relative = path.relative(folder, file);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
};

/**
 * The real path of a knowledge file's source text, if it lies in the file's
 * folder or under the sources root, and no symlink on the way leads out.
 */
async function confinedTextPath(knowledgeFile: string, textFile: string, sourcesRoot: string | undefined, fail: (message: string) => never) {
  const folder = path.dirname(knowledgeFile);
  const roots = sourcesRoot ? [folder, path.resolve(sourcesRoot)] : [folder];
  const where = `the knowledge file's folder (${folder})${sourcesRoot ? ` or TRADEGRAPH_SOURCES_ROOT (${roots[1]})` : ''}`;
  const advice = 'keep the source text there, or set TRADEGRAPH_SOURCES_ROOT to a folder that holds it';
  const wanted = path.resolve(folder, textFile);
  if (!roots.some((root) => isInside(wanted, root))) return fail(`${wanted} is outside ${where}: ${advice}`);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (err) {
    return fail(`cannot read ${wanted}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => isInside(real, root))) return fail(`${wanted} leads to ${real}, outside ${where}: ${advice}`);
  return real;
}

/** "line 3, column 7" of a UTF-16 index. */
function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < index; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
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
  const unstorable = unstorableStrings(raw).map((p) => ({ path: formatPath(p.path), message: p.message }));
  const parsed = KnowledgeFile.safeParse(raw);
  const invalid = parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  if (unstorable.length > 0 || !parsed.success) throw new IngestError(shownAs, [...unstorable, ...invalid]);
  return parsed.data;
}

export async function readKnowledgeFile(filePath: string, options: ReadOptions = {}): Promise<LoadedKnowledge> {
  const maxBytes = options.maxBytes ?? LIMITS.ingestFileBytes;
  const shownAs = path.relative(process.cwd(), filePath) || filePath;
  const failAt = (where: string) => (message: string): never => {
    throw new IngestError(shownAs, [{ path: where, message }]);
  };
  const json = decodeUtf8(await readRegularFile(filePath, failAt(''), maxBytes), filePath, failAt(''));
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
  const failText = failAt('source.textFile');
  const textPath = await confinedTextPath(path.resolve(filePath), file.source.textFile, options.sourcesRoot, failText);
  // The path is real (no symlinks left): O_NOFOLLOW keeps its last part from being swapped for one.
  const bytes = await readRegularFile(textPath, failText, maxBytes, OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0));
  const text = decodeUtf8(bytes, textPath, failText);
  if (text.trim() === '') failText(`${textPath} is empty`);
  const nul = text.indexOf('\0');
  if (nul !== -1) failText(`${textPath} contains U+0000 (NUL) at ${lineAndColumn(text, nul)}, which text in the graph cannot hold: remove it`);
  return { file, text, textSha256: createHash('sha256').update(bytes).digest('hex') };
}
