// A knowledge file and its text sent in a request (the API's ingestSource),
// checked as readKnowledgeFile checks a file on disk: the same format, the
// same size limit, the same rules for the text. The file's `source.textFile`
// is ignored: the text comes with the request.
import { createHash } from 'node:crypto';
import type { Problem } from './plan.ts';
import { unstorableText } from './unstorable-text.ts';
import { IngestError, type LoadedKnowledge, parseKnowledgeFile } from './read.ts';

/** Stands in for `source.textFile`, which the format requires and a request does not need. */
const TEXT_IN_REQUEST = '(text sent in the request)';

export function knowledgeFromRequest(raw: unknown, text: string, maxBytes: number, shownAs = 'knowledge'): LoadedKnowledge {
  const fail = (problem: Problem): never => {
    throw new IngestError(shownAs, [problem]);
  };
  const textBytes = Buffer.byteLength(text, 'utf8');
  if (textBytes > maxBytes) fail({ path: 'text', message: `the text is ${textBytes} bytes; the limit is ${maxBytes} (TRADEGRAPH_INGEST_MAX_BYTES)` });
  const fileBytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
  if (fileBytes > maxBytes) fail({ path: '', message: `the knowledge file is ${fileBytes} bytes; the limit is ${maxBytes} (TRADEGRAPH_INGEST_MAX_BYTES)` });
  const withText =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) && typeof (raw as { source?: unknown }).source === 'object' && (raw as { source: unknown }).source !== null
      ? { ...raw, source: { ...(raw as { source: object }).source, textFile: TEXT_IN_REQUEST } }
      : raw;
  const file = parseKnowledgeFile(withText, shownAs);
  if (text.trim() === '') fail({ path: 'text', message: 'the text is empty' });
  const unstorable = unstorableText(text);
  if (unstorable) fail({ path: 'text', message: `the text ${unstorable}` });
  return { file, text, textSha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
