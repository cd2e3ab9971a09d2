// The explorer's pure parts: how figures read, how code-point offsets map to
// JavaScript strings, what its addresses hold, and which paths it answers.
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isEnumType, isInterfaceType, isLeafType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_SELECTIONS, attributeRows, KIND_ATTRIBUTES, typeNameOf } from '../../src/explorer/client/attributes.ts';
import { shortLabel } from '../../src/explorer/client/graph.ts';
import { hasChanges, historyLines } from '../../src/explorer/client/history.ts';
import { KINDS } from '../../src/explorer/client/kinds.ts';
import { formatChange, formatExact, formatQuantity, humanize, predicatePhrase } from '../../src/explorer/client/format.ts';
import { radialLayout, type Point } from '../../src/explorer/client/radial-layout.ts';
import { codePointRangeToUtf16, splitAtCodePoints } from '../../src/explorer/client/text-range.ts';
import { backUrl, exploreUrl, parseExploreState, parseSourceState, sourceUrl } from '../../src/explorer/client/urls.ts';
import { explorerRoute } from '../../src/explorer/serve.ts';

describe('formatQuantity and formatExact', () => {
  it('reads large figures in words and keeps every digit in the exact form', () => {
    expect(formatQuantity('73330000000', 'CNY')).toBe('73.33 billion CNY');
    expect(formatExact('73330000000', 'CNY')).toBe('73,330,000,000 CNY');
    expect(formatQuantity('2070000000000', 'CNY')).toBe('2.07 trillion CNY');
    expect(formatQuantity('450000000', 'USD')).toBe('450 million USD');
    expect(formatQuantity('4294000', 'COUNT')).toBe('4.294 million');
  });

  it('groups the digits of figures under a million instead of writing "thousand"', () => {
    expect(formatQuantity('27000', 'COUNT')).toBe('27,000');
    expect(formatQuantity('999999', 'COUNT')).toBe('999,999');
    expect(formatQuantity('1000000', 'COUNT')).toBe('1 million');
  });

  it('writes percentages, points and multiples with their own signs', () => {
    expect(formatQuantity('33.5', 'PERCENT')).toBe('33.5%');
    expect(formatQuantity('3.4', 'PERCENTAGE_POINT')).toBe('3.4 percentage points');
    expect(formatQuantity('11.6', 'FOLD')).toBe('11.6-fold');
  });

  it('formats exactly: no digit of a long decimal is lost to floating point', () => {
    const long = '12345678901234567890.123456789';
    expect(String(Number(long))).not.toContain('.123456789'); // what a float would lose
    expect(formatExact(long, 'CNY')).toBe('12,345,678,901,234,567,890.123456789 CNY');
  });

  it('shows a value it cannot read as it came', () => {
    expect(formatQuantity('about 5', 'COUNT')).toBe('about 5 COUNT');
  });
});

describe('formatChange', () => {
  it('signs growth and names what it compares with', () => {
    expect(formatChange({ basis: 'YEAR_ON_YEAR', value: '33.5', unit: 'PERCENT' })).toBe('+33.5% year on year');
    expect(formatChange({ basis: 'YEAR_ON_YEAR', value: '-2.1', unit: 'PERCENT' })).toBe('-2.1% year on year');
    expect(formatChange({ basis: 'YEAR_ON_YEAR', value: '11.6', unit: 'FOLD' })).toBe('11.6-fold year on year');
    expect(
      formatChange({ basis: 'VERSUS_BENCHMARK', value: '3.4', unit: 'PERCENTAGE_POINT', benchmark: 'the national average growth rate' }),
    ).toBe('+3.4 percentage points versus the national average growth rate');
  });
});

describe('attribute labels', () => {
  it('shows codes exactly and labels them with their acronyms; closed-list values read as words', () => {
    expect(attributeRows('AIRPORT', { iataCode: 'PKX', icaoCode: 'ZBAD' })).toEqual([
      ['IATA code', 'PKX'],
      ['ICAO code', 'ZBAD'],
    ]);
    expect(attributeRows('REGION', { regionType: 'MUNICIPALITY', isoCode: 'CN-BJ' })).toEqual([
      ['Region type', 'Municipality'],
      ['ISO code', 'CN-BJ'],
    ]);
    expect(attributeRows('PRODUCT', { hsCode: '8541.42, 8541.43' })).toEqual([['HS code', '8541.42, 8541.43']]);
    expect(attributeRows('EVENT', { startsOn: '2023-08-17', endsOn: null })).toEqual([['Starts on', '2023-08-17']]);
    expect(attributeRows('PERSON', {})).toEqual([]);
  });

  // Read from the schema, so an attribute added to a kind cannot be left
  // without a label, or shown as words when it is a code.
  const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  const entity = schema.getType('Entity');
  if (!isInterfaceType(entity)) throw new Error('schema.graphql has no Entity interface');
  const common = new Set(Object.keys(entity.getFields()));

  it('labels every attribute field of every kind in the schema, and formats it by its type', () => {
    for (const kind of KINDS) {
      const type = schema.getType(typeNameOf(kind));
      expect(isObjectType(type) && type.getInterfaces().includes(entity), `${kind} is the object type ${typeNameOf(kind)}`).toBe(true);
      if (!isObjectType(type)) continue;
      const attributes = Object.values(type.getFields()).filter((f) => !common.has(f.name) && f.args.length === 0 && isLeafType(getNamedType(f.type)));
      const specs: Record<string, { label: string; format: string }> = KIND_ATTRIBUTES[kind];
      expect(Object.keys(specs).sort(), kind).toEqual(attributes.map((f) => f.name).sort());
      for (const field of attributes) {
        const named = getNamedType(field.type);
        const format = isEnumType(named) ? 'enum' : named.name === 'Date' ? 'date' : ['code', 'text'];
        expect([format].flat(), `${kind}.${field.name}`).toContain(specs[field.name]!.format);
      }
    }
  });

  it('asks the entity query for exactly those fields', () => {
    const selections = [...ATTRIBUTE_SELECTIONS.matchAll(/\.\.\. on (\w+) \{ ([\w ]+) \}/g)].map((m) => [m[1], m[2]!.split(' ')]);
    const expected = KINDS.filter((kind) => Object.keys(KIND_ATTRIBUTES[kind]).length).map((kind) => [typeNameOf(kind), Object.keys(KIND_ATTRIBUTES[kind])]);
    expect(selections).toEqual(expected);
  });
});

describe('shortLabel', () => {
  it('leaves short names alone and cuts long ones at a word, marking the cut', () => {
    expect(shortLabel('Beijing Customs')).toBe('Beijing Customs');
    expect(shortLabel('Beijing-Tianjin-Hebei industrial and supply chain customs clearance mechanism')).toBe('Beijing-Tianjin-Hebei industrial…');
    expect(shortLabel('Policies delivered to enterprises, doorsteps', 25)).toBe('Policies delivered to…');
    expect(shortLabel('x'.repeat(40), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('words for kinds and predicates', () => {
  it('reads enum names as words, and relations from either end', () => {
    expect(humanize('CUSTOMS_OFFICE')).toBe('Customs office');
    expect(predicatePhrase('SUPERVISES', 'OUTGOING')).toBe('supervises');
    expect(predicatePhrase('SUPERVISES', 'INCOMING')).toBe('supervised by');
    expect(predicatePhrase('IMPLEMENTED_BY', 'INCOMING')).toBe('implements');
  });
});

describe('code-point offsets in JavaScript strings', () => {
  const text = '📦 goods: 天竺 zone 🛫 end';

  it('maps offsets past characters outside the Basic Multilingual Plane', () => {
    // PostgreSQL counts 📦 as one character; JavaScript as two code units.
    expect(splitAtCodePoints(text, 9, 11)).toEqual(['📦 goods: ', '天竺', ' zone 🛫 end']);
    expect(codePointRangeToUtf16(text, 9, 11)).toEqual({ start: 10, end: 12 });
    expect(splitAtCodePoints(text, 17, 18)).toEqual(['📦 goods: 天竺 zone ', '🛫', ' end']);
  });

  it('handles both ends of the text and empty ranges', () => {
    const length = [...text].length;
    expect(splitAtCodePoints(text, 0, 1)).toEqual(['', '📦', ' goods: 天竺 zone 🛫 end']);
    expect(splitAtCodePoints(text, length - 3, length)).toEqual(['📦 goods: 天竺 zone 🛫 ', 'end', '']);
    expect(splitAtCodePoints(text, length, length)).toEqual([text, '', '']);
    expect(splitAtCodePoints('', 0, 0)).toEqual(['', '', '']);
  });

  it('refuses ranges outside the text or backwards', () => {
    const length = [...text].length;
    expect(codePointRangeToUtf16(text, 0, length + 1)).toBeNull();
    expect(codePointRangeToUtf16(text, length + 1, length + 2)).toBeNull();
    expect(codePointRangeToUtf16(text, 5, 4)).toBeNull();
    expect(codePointRangeToUtf16(text, -1, 2)).toBeNull();
    expect(codePointRangeToUtf16(text, 1.5, 2)).toBeNull();
  });
});

describe('explorer addresses', () => {
  it('reads the start entity, depth and selection, and writes them back', () => {
    expect(parseExploreState('?entity=beijing-customs&depth=2')).toEqual({ entity: 'beijing-customs', depth: 2, selected: null });
    expect(exploreUrl({ entity: 'beijing-customs', depth: 1, selected: null })).toBe('/explore?entity=beijing-customs&depth=1');
    for (const selected of ['tianzhu-comprehensive-bonded-zone', 'UmVsYXRpb246MTI']) {
      const state = { entity: 'beijing-customs', depth: 3, selected };
      expect(exploreUrl(state)).toBe(`/explore?entity=beijing-customs&depth=3&selected=${selected}`);
      expect(parseExploreState(new URL(exploreUrl(state), 'http://x').search)).toEqual(state);
    }
  });

  it('falls back to defaults for a missing or malformed entity, depth or selection, and keeps depth within bounds', () => {
    expect(parseExploreState('')).toEqual({ entity: null, depth: 1, selected: null });
    expect(parseExploreState('?entity=<script>&depth=two&selected=<img>')).toEqual({ entity: null, depth: 1, selected: null });
    expect(parseExploreState('?entity=Beijing-Customs&depth=99')).toEqual({ entity: 'beijing-customs', depth: 4, selected: null });
    expect(parseExploreState('?depth=0').depth).toBe(1);
    expect(parseExploreState(`?selected=${'x'.repeat(300)}`).selected).toBeNull();
  });

  it('round-trips a source view address with the view to go back to', () => {
    const from = { entity: 'beijing-customs', depth: 2, selected: 'tianzhu-comprehensive-bonded-zone' };
    const state = { source: 'beijing-trade-h1-2023', start: 120, end: 245, from };
    const url = sourceUrl(state);
    expect(url).toBe(
      '/explore/source?source=beijing-trade-h1-2023&start=120&end=245&from=beijing-customs&depth=2&selected=tianzhu-comprehensive-bonded-zone',
    );
    expect(parseSourceState(new URL(url, 'http://x').search)).toEqual(state);
    expect(backUrl(state)).toBe('/explore?entity=beijing-customs&depth=2&selected=tianzhu-comprehensive-bonded-zone');
    expect(parseSourceState('?source=x&start=-1&end=abc')).toEqual({ source: 'x', start: null, end: null, from: null });
    expect(backUrl(parseSourceState('?source=x'))).toBe('/explore?depth=1');
    expect(parseSourceState('?start=1')).toBeNull();
  });

  it('still reads a source link written before the view was kept (only from=)', () => {
    const state = parseSourceState('?source=beijing-trade-h1-2023&start=1&end=5&from=tianzhu-comprehensive-bonded-zone');
    expect(backUrl(state)).toBe('/explore?entity=tianzhu-comprehensive-bonded-zone&depth=1');
  });
});

describe('explorerRoute', () => {
  it('owns /explore, its source view and its two assets, and nothing else', () => {
    expect(explorerRoute('/explore')).toEqual({ page: true });
    expect(explorerRoute('/explore/')).toEqual({ page: true });
    expect(explorerRoute('/explore/source')).toEqual({ page: true });
    expect(explorerRoute('/explore/assets/explorer.js')).toEqual({ asset: 'explorer.js' });
    expect(explorerRoute('/explore/assets/explorer.css')).toEqual({ asset: 'explorer.css' });
    expect(explorerRoute('/explore/assets/inputs.json')).toEqual({ notFound: true });
    expect(explorerRoute('/explore/assets/../../package.json')).toEqual({ notFound: true });
    expect(explorerRoute('/graphql')).toBeNull();
    expect(explorerRoute('/explorer')).toBeNull();
  });
});

describe('radialLayout', () => {
  const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const angle = (p: Point) => Math.atan2(p.y, p.x);

  // A start entity with six neighbours; one of them has three of its own.
  const nodes = ['office', 'z1', 'z2', 'z3', 'p1', 'p2', 'p3', 'r1', 'r2', 'r3', 'far'];
  const edges = [
    ...['z1', 'z2', 'z3', 'p1', 'p2', 'p3'].map((n) => ({ source: 'office', target: n })),
    ...['r1', 'r2', 'r3'].map((n) => ({ source: n, target: 'z2' })),
  ];

  it('puts the start entity in the middle and each further step on a wider ring', () => {
    const at = radialLayout('office', nodes, edges, { spacing: 80, ringGap: 170 });
    expect(at.get('office')).toEqual({ x: 0, y: 0 });
    const first = ['z1', 'z2', 'z3', 'p1', 'p2', 'p3'].map((n) => Math.round(distance(at.get(n)!, { x: 0, y: 0 })));
    const second = ['r1', 'r2', 'r3'].map((n) => Math.round(distance(at.get(n)!, { x: 0, y: 0 })));
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(second[0]! - first[0]!).toBeGreaterThanOrEqual(170);
    // 'far' is not connected: it gets a ring of its own, outside the rest.
    expect(distance(at.get('far')!, { x: 0, y: 0 })).toBeGreaterThan(second[0]!);
  });

  it("keeps an entity's neighbours next to it, inside its share of the circle", () => {
    const at = radialLayout('office', nodes, edges);
    const parent = angle(at.get('z2')!);
    const gap = (kid: string) => Math.abs(Math.atan2(Math.sin(angle(at.get(kid)!) - parent), Math.cos(angle(at.get(kid)!) - parent)));
    // z2 has 3 of the 8 leaves of the tree, so 3/8 of the circle, centred on it.
    for (const kid of ['r1', 'r2', 'r3']) expect(gap(kid)).toBeLessThan((3 / 8) * Math.PI);
    expect(gap('r2')).toBeCloseTo(0, 9);
    expect(gap('r1')).toBeCloseTo(gap('r3'), 9);
  });

  it('gives entities the room they ask for where they sit: more at the top and bottom for wide labels', () => {
    const ring = Array.from({ length: 16 }, (_, i) => `n${i}`);
    const wide = (_: string, a: number) => 120 * Math.abs(Math.sin(a)) + 40 * Math.abs(Math.cos(a));
    const at = radialLayout('hub', ['hub', ...ring], ring.map((n) => ({ source: 'hub', target: n })), { room: wide });
    const points = ring.map((n) => at.get(n)!);
    // Neighbours on the ring are at least the mean of the room both ask for apart.
    for (let i = 0; i < points.length; i++) {
      const [a, b] = [points[i]!, points[(i + 1) % points.length]!];
      const needed = (wide('', angle(a)) + wide('', angle(b))) / 2;
      expect(distance(a, b)).toBeGreaterThan(needed * 0.95);
    }
    // ... and those at the sides are closer together than those at the top and bottom.
    const gapAt = (target: number) => {
      const i = points.findIndex((p) => Math.abs(Math.atan2(Math.sin(angle(p) - target), Math.cos(angle(p) - target))) < Math.PI / 8);
      return distance(points[i]!, points[(i + 1) % points.length]!);
    };
    expect(gapAt(0)).toBeLessThan(gapAt(Math.PI / 2) / 1.5);
  });

  it('keeps every two entities at least `spacing` apart, however many share a ring', () => {
    const many = Array.from({ length: 60 }, (_, i) => `n${i}`);
    const at = radialLayout('hub', ['hub', ...many], many.map((n) => ({ source: 'hub', target: n })), { spacing: 100 });
    const points = [...at.values()];
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) expect(distance(points[i]!, points[j]!)).toBeGreaterThan(95);
    }
  });
});

describe('a fact\'s history in words', () => {
  const history = [
    { at: '2026-11-29T08:00:00.000Z', actor: 'seed', operation: 'INSERT', reason: null },
    { at: '2026-11-29T20:49:12.345Z', actor: 'alice', operation: 'RETRACT', reason: 'the quote does not say so' },
    { at: '2026-11-30T09:05:00.000Z', actor: 'cli:bob', operation: 'RESTORE', reason: 'it does' },
  ];

  it('says when, by whom and why, oldest first', () => {
    expect(historyLines(history)).toEqual([
      'Recorded 2026-11-29 08:00 UTC by seed',
      'Retracted 2026-11-29 20:49 UTC by alice: the quote does not say so',
      'Restored 2026-11-30 09:05 UTC by cli:bob: it does',
    ]);
  });

  it('tells a fact only recorded from one with changes', () => {
    expect(hasChanges(history.slice(0, 1))).toBe(false);
    expect(hasChanges(history)).toBe(true);
    expect(hasChanges([])).toBe(false);
  });
});
