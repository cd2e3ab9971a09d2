// Text the graph cannot hold: PostgreSQL's text type refuses U+0000, and a
// lone UTF-16 surrogate (which a JSON escape such as "\ud83d" produces) is no
// character at all, so UTF-8 has no bytes for it. Every string of a knowledge
// file is checked before anything is written, and each problem is reported at
// its place in the file instead of as a database error.
import { codePointLength } from './quotes.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or null. */
export function unstorableText(s: string): string | null {
  const nul = s.indexOf('\0');
  const lone = LONE_SURROGATE.exec(s);
  if (nul === -1 && !lone) return null;
  const at = (index: number) => codePointLength(s.slice(0, index)) + 1;
  if (nul !== -1 && (!lone || nul < lone.index)) {
    return `contains U+0000 (NUL) at character ${at(nul)}, which text in the graph cannot hold: remove it`;
  }
  const unit = lone![0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (\\u${unit}) at character ${at(lone!.index)}: half of a UTF-16 pair is no character; fix the escape`;
}

/** Every string (and object key) of a parsed JSON value that cannot be stored, with its path. */
export function unstorableStrings(value: unknown, path: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
  if (typeof value === 'string') {
    const message = unstorableText(value);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableStrings(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => {
      const message = unstorableText(key);
      return [...(message ? [{ path: [...path, key], message: `its key ${message}` }] : []), ...unstorableStrings(v, [...path, key])];
    });
  }
  return [];
}
