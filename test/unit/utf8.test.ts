import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/ingest/read.ts';

describe('firstInvalidUtf8', () => {
  it('accepts valid UTF-8 of every length', () => {
    expect(firstInvalidUtf8(Buffer.from('Beijing’s 天竺 📦', 'utf8'))).toBe(-1);
  });
  it.each([
    ['a Latin-1 é between ASCII', [0x42, 0x65, 0xe9, 0x20], 2],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong encoding', [0x41, 0xc0, 0xaf], 1],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 0],
    ['a sequence cut off at the end', [0x41, 0xe5, 0xa4], 1],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('finds %s', (_name, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});
