// Every kind of bad knowledge file is refused with an error that names the
// file and the place in it, and leaves the database byte for byte as it was.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { IngestError } from '../../src/ingest/read.ts';
import { type Knowledge, SEED_TEXT, scratchFolder, seedKnowledge, writeKnowledge } from '../helpers/knowledge.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';
import { snapshot } from '../helpers/snapshot.ts';

let db: TestDatabase;
let dir: string;
/** A folder beside the knowledge files' folder, holding a copy of the seed text. */
let outside: string;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  dir = scratchFolder();
  outside = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-outside-'));
  writeFileSync(path.join(outside, 'text.txt'), readFileSync(SEED_TEXT));
  before = await snapshot(db.pool);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const edit = (change: (k: Knowledge) => void): Knowledge => {
  const k = seedKnowledge();
  change(k);
  return k;
};
const obs = (k: Knowledge, subject: string) => k.observations.find((o: any) => o.subject === subject);

type Case = [
  name: string,
  content: () => Knowledge | string | Buffer,
  path: string,
  message: RegExp,
  options?: { maxBytes?: number; sourcesRoot?: string },
];

/** Another source's file, quoting the seed's text, that restates what the seed defines. */
const another = (change: (k: Knowledge, seed: Knowledge) => void): Knowledge =>
  edit((k) => {
    const seed = seedKnowledge();
    Object.assign(k, { source: { ...k.source, slug: 'another-report', title: 'Another report' }, metrics: [], entities: [], relations: [], observations: [] });
    change(k, seed);
  });
const definition = (k: Knowledge, slug: string) => structuredClone(k.entities.find((e: any) => e.slug === slug));
const metric = (k: Knowledge, slug: string) => structuredClone(k.metrics.find((m: any) => m.slug === slug));
const OWNED = /defined by source "beijing-trade-h1-2023" with .*edit that source's knowledge file/;

/** The seed with its source text replaced by a file made in the folder (a FIFO, a symlink, ...). */
const textAt = (name: string, make: (file: string) => void) => {
  make(path.join(dir, name));
  return edit((k) => (k.source.textFile = name));
};

const seedJson = () => JSON.stringify(seedKnowledge(), null, 2);

const cases: Case[] = [
  ['a truncated file', () => seedJson().slice(0, 5000), '', /not valid JSON: .* at line \d+, column \d+|not valid JSON: Unexpected end/],
  ['an empty file', () => '', '', /not valid JSON.*the file is empty/],
  ['a file that is not UTF-8', () => Buffer.concat([Buffer.from(seedJson().slice(0, 100)), Buffer.from([0xff, 0xfe, 0xe9])]), '', /not valid UTF-8 \(first bad byte at offset 100\)/],
  ['a file over the size limit', () => seedJson(), '', /is \d+ bytes; the limit is 1000/, { maxBytes: 1000 }],
  ['a wrong format marker', () => edit((k) => (k.format = 'tradegraph-knowledge/9')), 'format', /expected "tradegraph-knowledge\/1"/],
  ['an unknown key', () => edit((k) => (k.entities[0].colour = 'red')), 'entities[0]', /Unrecognized key.*colour/],
  ['a missing required field', () => edit((k) => delete k.observations[2].unit), 'observations[2].unit', /./],
  ['a slug that is not a slug', () => edit((k) => (k.entities[3].slug = 'Hebei Province')), 'entities[3].slug', /a slug is lowercase/],
  ['a duplicate entity slug', () => edit((k) => k.entities.push({ ...k.entities[0] })), 'entities[32].slug', /"beijing" is defined twice/],
  ['an unknown entity reference', () => edit((k) => (k.relations[0].object = 'beijing-customs-commitee')), 'relations[0].object', /unknown entity "beijing-customs-commitee"/],
  ['an unknown metric', () => edit((k) => (obs(k, 'beijing').metric = 'trade-volume')), 'observations[0].metric', /unknown metric "trade-volume"/],
  ['a quote that is not in the source', () => edit((k) => (k.relations[4].evidence.quote = 'the bonded model in Tianzhu')), 'relations[4].evidence.quote', /does not occur in the source text/],
  ['a quote with straight quotation marks', () => edit((k) => (k.relations[4].evidence.quote = 'the "bonded +" model in the Tianzhu Comprehensive Bonded Zone')), 'relations[4].evidence.quote', /ignored: copy the quote from the source byte for byte/],
  ['a quote that occurs twice', () => edit((k) => (k.relations[0].evidence.quote = 'Wang Hui')), 'relations[0].evidence.quote', /occurs more than once \(at characters \d+ and \d+\)/],
  ['a relation of an entity to itself', () => edit((k) => (k.relations[2].object = k.relations[2].subject)), 'relations[2].object', /cannot relate "beijing-customs-party-committee" to itself/],
  ['a predicate between the wrong kinds', () => edit((k) => (k.relations[0].subject = 'beijing')), 'relations[0].predicate', /HOLDS_ROLE_AT needs a subject of kind PERSON, not REGION/],
  ['a duplicate relation', () => edit((k) => k.relations.push({ ...k.relations[0] })), 'relations[36]', /duplicates relations\[0\]/],
  ['an unknown unit', () => edit((k) => (obs(k, 'beijing').unit = 'RMB')), 'observations[0].unit', /Invalid option/],
  ['a unit the metric does not measure in', () => edit((k) => (obs(k, 'beijing').unit = 'COUNT')), 'observations[0].unit', /COUNT does not measure CURRENCY/],
  ['a figure that is not a number', () => edit((k) => (obs(k, 'beijing').value = '2.07 trillon')), 'observations[0].value', /is not a figure/],
  ['a figure written as a JSON number', () => edit((k) => (obs(k, 'beijing').value = 2.07e12)), 'observations[0].value', /write figures as strings/],
  ['a figure the quote does not state', () => edit((k) => (obs(k, 'tianzhu-comprehensive-bonded-zone').value = '73.34 billion')), 'observations[2].value', /does not state the figure 73.34/],
  ['a negative count', () => edit((k) => (obs(k, 'dual-hub-air-transport-channel').value = '-27,000')), 'observations[5].value', /a count cannot be negative/],
  ['a fractional count', () => edit((k) => (k.observations[4].value = '3.5')), 'observations[4].value', /a count must be a whole number/],
  ['a period that ends before it starts', () => edit((k) => (obs(k, 'beijing').period = { start: '2023-06-30', end: '2023-01-01' })), 'observations[0].period.end', /ends \(2023-01-01\) before it starts/],
  ['an impossible date', () => edit((k) => (obs(k, 'beijing').period.end = '2023-02-30')), 'observations[0].period.end', /./],
  ['a benchmark change without its benchmark', () => edit((k) => delete k.observations[1].change.benchmark), 'observations[1].change.benchmark', /must name its benchmark/],
  ['a duplicate observation', () => edit((k) => k.observations.push({ ...k.observations[0] })), 'observations[15]', /duplicates observations\[0\]/],
  ['a mention that does not name its entity', () => edit((k) => (k.entities[0].mentions[0].quote = 'In a press conference held on August 17')), 'entities[0].mentions[0].quote', /names neither "Beijing" nor an alias/],
  ['an airport code given twice', () => edit((k) => (k.entities.find((e: any) => e.slug === 'beijing-daxing-international-airport').attributes.iataCode = 'PEK')), 'entities[12].attributes.iataCode', /PEK is also given to "beijing-capital-international-airport"|PEK is already the code of "beijing-capital-international-airport"/],
  ['a missing source text', () => edit((k) => (k.source.textFile = 'missing.txt')), 'source.textFile', /cannot read .*missing.txt: ENOENT/],

  // Ownership of definitions: another source may mention an entity or metric, not redefine it.
  ['another source restating an entity as another kind', () => another((k, seed) => k.entities.push({ ...definition(seed, 'beijing-customs'), kind: 'PERSON', attributes: undefined })), 'entities[0].kind', OWNED],
  ['another source renaming an entity', () => another((k, seed) => k.entities.push({ ...definition(seed, 'beijing-customs'), name: 'Beijing Customs Office' })), 'entities[0].name', OWNED],
  ['another source giving other aliases', () => another((k, seed) => k.entities.push({ ...definition(seed, 'beijing-customs'), aliases: ['BJ Customs'] })), 'entities[0].aliases', OWNED],
  ['another source describing an entity otherwise', () => another((k, seed) => k.entities.push({ ...definition(seed, 'beijing-customs'), description: 'A customs office.' })), 'entities[0].description', OWNED],
  ['another source changing an attribute', () => another((k, seed) => k.entities.push({ ...definition(seed, 'beijing-customs'), attributes: { level: 'SUBORDINATE_CUSTOMS' } })), 'entities[0].attributes.level', OWNED],
  ['another source restating a metric with another unit kind', () => another((k, seed) => k.metrics.push({ ...metric(seed, 'import-export-value'), unitKind: 'COUNT' })), 'metrics[0].unitKind', OWNED],
  ['another source renaming a metric', () => another((k, seed) => k.metrics.push({ ...metric(seed, 'import-export-value'), name: 'Trade' })), 'metrics[0].name', OWNED],

  // The source text is read only from inside the knowledge file's folder, and only from a regular file.
  ['a source text outside the folder', () => edit((k) => (k.source.textFile = '../../../../etc/passwd')), 'source.textFile', /\/etc\/passwd is outside .*TRADEGRAPH_SOURCES_ROOT/],
  ['a symlink that leads out of the folder', () => textAt('leads-out.txt', (f) => symlinkSync(path.join(outside, 'text.txt'), f)), 'source.textFile', /leads-out.txt leads to .*text.txt, outside/],
  ['a /proc file', () => edit((k) => (k.source.textFile = '/proc/self/environ')), 'source.textFile', /\/proc\/self\/environ is outside/],
  ['a /proc file under a sources root of /', () => edit((k) => (k.source.textFile = '/proc/self/environ')), 'source.textFile', /reported \d+ bytes but \d+ were read/, { sourcesRoot: '/' }],
  ['/dev/zero through a symlink in the folder', () => textAt('zero.txt', (f) => symlinkSync('/dev/zero', f)), 'source.textFile', /zero.txt leads to \/dev\/zero, outside/],
  ['/dev/zero under a sources root of /', () => edit((k) => (k.source.textFile = '/dev/zero')), 'source.textFile', /\/dev\/zero is not a regular file \(a character device\)/, { sourcesRoot: '/' }],
  ['a FIFO', () => textAt('fifo.txt', (f) => execFileSync('mkfifo', [f])), 'source.textFile', /fifo.txt is not a regular file \(a FIFO\)/],
  ['a source text over the size limit', () => textAt('big.txt', (f) => writeFileSync(f, `${readFileSync(SEED_TEXT, 'utf8')}${' filler'.repeat(20_000)}`)), 'source.textFile', /big.txt is \d+ bytes; the limit is 60000/, { maxBytes: 60_000 }],

  // Figures: what NUMERIC(30, 6) holds.
  ['a figure beyond what the graph stores', () => edit((k) => (obs(k, 'beijing').value = '1,000,000,000,000 trillion')), 'observations[0].value', /more digits than the graph stores/],

  // Text the database cannot hold, found before anything is written.
  ['a NUL in a name', () => edit((k) => (k.entities[3].name = 'Hebei\u0000')), 'entities[3].name', /contains U\+0000 \(NUL\) at character 6/],
  ['a NUL in an alias', () => edit((k) => (k.entities[3].aliases[0] = 'He\u0000bei')), 'entities[3].aliases[0]', /contains U\+0000 \(NUL\)/],
  ['a NUL in a note', () => edit((k) => (k.relations[0].note = 'see\u0000above')), 'relations[0].note', /contains U\+0000 \(NUL\)/],
  ['a lone surrogate in a description', () => edit((k) => (k.entities[0].description = 'The capital \ud83d of China.')), 'entities[0].description', /lone surrogate \(\\uD83D\) at character 13/],
  ['a NUL in the source text', () => textAt('nul.txt', (f) => writeFileSync(f, `${readFileSync(SEED_TEXT, 'utf8')}\n\u0000\n`)), 'source.textFile', /nul.txt contains U\+0000 \(NUL\) at line \d+, column 1/],

  // Hierarchies without cycles, links only to the web.
  ['a parent-office cycle', () => edit((k) => {
    k.entities[5].attributes.parentOffice = 'beijing-customs-branch';
    k.entities.push({ slug: 'beijing-customs-branch', kind: 'CUSTOMS_OFFICE', name: 'Beijing Customs', mentions: k.entities[5].mentions.slice(0, 1), attributes: { parentOffice: 'beijing-customs' } });
  }), 'entities[5].attributes.parentOffice', /"beijing-customs" → "beijing-customs-branch" → "beijing-customs" is a cycle/],
  ['a parent-industry cycle', () => edit((k) => {
    k.entities[24].attributes = { parentIndustry: 'integrated-circuit-industry' };
    k.entities[25].attributes = { parentIndustry: 'medical-and-health-industry' };
  }), 'entities[24].attributes.parentIndustry', /"medical-and-health-industry" → "integrated-circuit-industry" → "medical-and-health-industry" is a cycle/],
  ['a javascript: URL', () => edit((k) => (k.source.url = 'javascript:alert(1)')), 'source.url', /an http:\/\/ or https:\/\/ URL/],
  ['an ambiguous short quote in a 50 MB text', () => {
    const k = textAt('huge.txt', (f) => writeFileSync(f, `${readFileSync(SEED_TEXT, 'utf8')}\n${'abcd '.repeat(10_000_000)}`));
    k.relations[0].evidence.quote = 'abcd';
    return k;
  }, 'relations[0].evidence.quote', /occurs more than once/],
];

describe('ingest refuses bad input and writes nothing', () => {
  it.each(cases)('%s', async (_name, content, where, message, options) => {
    const file = writeKnowledge(dir, content());
    const error = await ingestKnowledgeFile(db.prisma, file, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    const problems = (error as IngestError).problems;
    const problem = problems.find((p) => p.path === where) ?? problems[0];
    expect(problem?.path).toBe(where);
    expect(problem?.message).toMatch(message);
    expect((error as IngestError).message).toContain(path.basename(file));
    expect(await snapshot(db.pool)).toEqual(before);
    // The 50 MB case writes, reads and searches 50 MB: seconds, more on a shared CPU.
  }, 120_000);

  it('refuses a source text that is not UTF-8', async () => {
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x42, 0x65, 0x69, 0x6a, 0x69, 0x6e, 0x67, 0xe9, 0x20]));
    const file = writeKnowledge(dir, edit((k) => (k.source.textFile = 'latin1.txt')));
    await expect(ingestKnowledgeFile(db.prisma, file)).rejects.toThrow(/source.textFile: .*latin1.txt is not valid UTF-8 \(first bad byte at offset 7\)/);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it('reports every problem of a file at once', async () => {
    const file = writeKnowledge(
      dir,
      edit((k) => {
        k.relations[0].object = 'nobody';
        obs(k, 'beijing').unit = 'COUNT';
        k.entities[1].mentions[0].quote = 'not in the text';
      }),
    );
    const error = (await ingestKnowledgeFile(db.prisma, file).catch((e: unknown) => e)) as IngestError;
    expect(error.problems.map((p) => p.path).sort()).toEqual(
      ['entities[1].mentions[0].quote', 'observations[0].unit', 'relations[0].object'].sort(),
    );
  });
});
