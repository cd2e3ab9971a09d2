// The explorer end to end: the real server on the seeded graph, the page in
// headless Chromium, driven by mouse and by keyboard alone.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, OUTPUT_DIR, type TestBrowser } from '../helpers/browser.ts';
import { startSeededServer, type RunningServer } from '../helpers/running-server.ts';
import { attributeRows, edgeOnScreen, expectFittedAndReadable, fitProblems, steadyOnScreen } from './explorer-drawing.ts';

const TIANZHU_QUOTE =
  'During the period of January to July, the import and export volume in this zone reached 73.33 billion yuan, a significant year-on-year increase of 33.5%.';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** WCAG 2.1 A and AA problems axe-core finds on the page, as "rule: element" lines. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP rightly refuses inline scripts.
  await page.evaluate(AXE);
  const { violations, passed } = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return { violations: result.violations as AxeViolation[], passed: result.passes.length as number };
  });
  if (passed < 10) throw new Error(`axe-core checked too little (${passed} rules passed): did it run?`);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

interface DrawnNode {
  slug: string;
  name: string;
  kind: string;
  selected: boolean;
}

// Reads the drawing from Cytoscape, which the page exposes as window.explorer.cy.
function drawnNodes(page: Page): Promise<DrawnNode[]> {
  return page.evaluate(() =>
    (globalThis as any).explorer.cy.nodes().map((n: any) => ({ slug: n.data('slug'), name: n.data('name'), kind: n.data('kind'), selected: n.selected() })),
  );
}

async function waitForGraph(page: Page): Promise<void> {
  await page.locator('#graph[data-state="ready"]').waitFor({ timeout: 20_000 });
}

/** Where a node is on the screen, to click it as a user would. */
function nodeOnScreen(page: Page, slug: string): Promise<{ x: number; y: number }> {
  return page.evaluate((wanted) => {
    const cy = (globalThis as any).explorer.cy;
    const node = cy.nodes().filter((n: any) => n.data('slug') === wanted);
    const at = node.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + at.x, y: box.top + at.y };
  }, slug);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return { id: el?.id as string, className: el?.className as string, text: (el?.textContent ?? '') as string, entity: el?.dataset?.entity as string | undefined };
  });

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabUntil(page: Page, matches: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`nothing matching was reached in ${limit} presses of Tab`);
}

describe.skipIf(chromiumMissing != null)('the explorer in headless Chromium', () => {
  let server: RunningServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startSeededServer(), launchBrowser({ reducedMotion: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws Beijing Customs with its zones; clicking a zone shows its figure and the quote, linked to the source', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs`);
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: 'Beijing Customs' }).waitFor();

    const drawn = await drawnNodes(page);
    const ofKind = (kind: string) => drawn.filter((n) => n.kind === kind).map((n) => n.slug).sort();
    expect(ofKind('BONDED_ZONE')).toEqual([
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    expect(ofKind('AIRPORT')).toEqual(['beijing-capital-international-airport', 'beijing-daxing-international-airport']);
    expect(ofKind('POLICY').length).toBeGreaterThanOrEqual(9);

    const zone = await nodeOnScreen(page, 'tianzhu-comprehensive-bonded-zone');
    await page.mouse.click(zone.x, zone.y);
    await page.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();
    expect((await drawnNodes(page)).filter((n) => n.selected).map((n) => n.slug)).toEqual(['tianzhu-comprehensive-bonded-zone']);

    const figure = page.locator('#panel tr.observation').first();
    expect(await figure.locator('data').getAttribute('value')).toBe('73330000000');
    const row = await figure.innerText();
    expect(row).toContain('73.33 billion CNY');
    expect(row).toContain('73,330,000,000 CNY');
    expect(row).toContain('2023 Jan-Jul');
    expect(row).toContain('+33.5% year on year');
    const evidence = page.locator('#panel tr.observation-evidence').first();
    expect(await evidence.locator('blockquote').innerText()).toBe(TIANZHU_QUOTE);

    // Clicking the zone drew its own neighbours too: the region it lies in.
    await page.waitForFunction(() => (globalThis as any).explorer.cy.nodes().some((n: any) => n.data('slug') === 'beijing'));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'explorer-tianzhu.png') });

    await evidence.locator('a.source-link').click();
    await page.waitForURL(/\/explore\/source\?source=beijing-trade-h1-2023&start=\d+&end=\d+&from=beijing-customs&depth=1&selected=tianzhu-comprehensive-bonded-zone$/);
    const mark = page.locator('mark#quote');
    await mark.waitFor();
    expect(await mark.innerText()).toBe(TIANZHU_QUOTE);
    expect((await focused(page)).id).toBe('quote');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'explorer-source.png') });

    expect(browser.external).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('works with the keyboard alone: search, choose a result, walk to a neighbour from the text list', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore`);
    // No entity named: it starts from the first customs office and says so in the address.
    await page.waitForURL(/\/explore\?entity=beijing-customs&depth=1$/);
    await waitForGraph(page);

    await tabUntil(page, (f) => f.id === 'search');
    await page.keyboard.type('tianzhu');
    await page.locator('.search-result').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const chosen = await focused(page);
    expect(chosen.entity).toBe('tianzhu-comprehensive-bonded-zone');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/explore\?entity=tianzhu-comprehensive-bonded-zone&depth=1$/);
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();

    // The panel lists the neighbours as text; choosing one works like clicking its node.
    await tabUntil(page, (f) => f.className === 'entity-link' && f.entity === 'beijing');
    await page.keyboard.press('Enter');
    await page.locator('#panel-title', { hasText: /^Beijing$/ }).waitFor();
    expect((await focused(page)).id).toBe('panel-title');
    expect((await drawnNodes(page)).filter((n) => n.selected).map((n) => n.slug)).toEqual(['beijing']);
    // ... and draws its neighbours: the regions Beijing is part of.
    await page.waitForFunction(() => (globalThis as any).explorer.cy.nodes().some((n: any) => n.data('slug') === 'beijing-tianjin-hebei'));
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('shows a relation, with both ends and its quote, when its edge is clicked', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs&depth=1`);
    await waitForGraph(page);
    const edge = await page.evaluate(() => {
      const cy = (globalThis as any).explorer.cy;
      const supervision = cy
        .edges()
        .filter((e: any) => e.source().data('slug') === 'beijing-customs' && e.target().data('slug') === 'beijing-daxing-international-airport');
      const at = supervision.renderedMidpoint();
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + at.x, y: box.top + at.y };
    });
    await page.mouse.click(edge.x, edge.y);
    await page.locator('#panel-title', { hasText: 'Beijing Customs supervises Beijing Daxing International Airport' }).waitFor();
    expect(await page.locator('#panel .evidence blockquote').innerText()).toMatch(/Daxing/);
    expect(await page.locator('#panel .evidence a.source-link').getAttribute('href')).toMatch(/^\/explore\/source\?source=beijing-trade-h1-2023&start=\d+&end=\d+/);
    // Its history: when it was recorded and by whom (the seed).
    expect(await page.locator('#panel ol.history li').first().innerText()).toMatch(/^Recorded \d{4}-\d\d-\d\d \d\d:\d\d UTC by \S+/);

    // Its ends are links: the object opens the airport, as clicking its node would.
    await page.locator('#panel dd button', { hasText: 'Beijing Daxing International Airport' }).click();
    await page.locator('#panel-title', { hasText: /^Beijing Daxing International Airport$/ }).waitFor();
    expect((await drawnNodes(page)).filter((n) => n.selected).map((n) => n.slug)).toEqual(['beijing-daxing-international-airport']);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('passes the WCAG 2.1 AA checks of axe-core, in the graph view and the source view', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=tianzhu-comprehensive-bonded-zone`);
    await waitForGraph(page);
    await page.locator('#panel tr.observation').first().waitFor();
    await page.locator('.drawn summary').click(); // the text version of the drawing, open
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.locator('#panel a.source-link').first().click();
    await page.locator('mark#quote').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  }, 90_000);

  it('keeps the start entity and depth in a shareable address', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs&depth=1`);
    await waitForGraph(page);
    const near = (await drawnNodes(page)).length;
    expect((await drawnNodes(page)).map((n) => n.slug)).not.toContain('beijing');

    await page.locator('#depth').selectOption('2');
    await page.waitForURL(/\/explore\?entity=beijing-customs&depth=2$/);
    await waitForGraph(page);
    const far = await drawnNodes(page);
    expect(far.length).toBeGreaterThan(near);
    expect(far.map((n) => n.slug)).toContain('beijing');

    // The same address opened afresh draws the same graph.
    const shared = await browser.context.newPage();
    await shared.goto(page.url());
    await waitForGraph(shared);
    expect((await drawnNodes(shared)).map((n) => n.slug).sort()).toEqual(far.map((n) => n.slug).sort());
    expect(await shared.locator('#depth').inputValue()).toBe('2');

    await page.goBack();
    await page.waitForURL(/depth=1$/);
    await waitForGraph(page);
    expect((await drawnNodes(page)).length).toBe(near);
  }, 90_000);

  it('shows codes as they are written and labels them with their acronyms', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-daxing-international-airport`);
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: 'Beijing Daxing International Airport' }).waitFor();
    const airport = await attributeRows(page);
    expect(airport).toContainEqual(['IATA code', 'PKX']);
    expect(airport).toContainEqual(['ICAO code', 'ZBAD']);

    await page.goto(`${server.url}/explore?entity=beijing`);
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: /^Beijing$/ }).waitFor();
    const region = await attributeRows(page);
    expect(region).toContainEqual(['ISO code', 'CN-BJ']);
    // Values from a closed list still read as words.
    expect(region).toContainEqual(['Region type', 'Municipality']);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('fits a depth-4 graph in the window with every label readable, at two window sizes', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs&depth=4`);
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: 'Beijing Customs' }).waitFor();
    expect((await drawnNodes(page)).map((n) => n.slug)).toContain('tianjin'); // four steps out
    mkdirSync(OUTPUT_DIR, { recursive: true });
    // The drawing is fitted once its layout settles, which on a busy machine is after the graph is drawn.
    await expect.poll(() => fitProblems(page), { timeout: 15_000 }).toEqual([]);
    await expectFittedAndReadable(page);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'explorer-depth4.png') });

    // A smaller window: the drawing fits again, and its labels stay as large.
    await page.setViewportSize({ width: 1024, height: 640 });
    await expect.poll(() => fitProblems(page), { timeout: 15_000 }).toEqual([]);
    await expectFittedAndReadable(page);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'explorer-depth4-small.png') });
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('puts the selection in the address, and a shared link opens with it selected', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs&depth=1`);
    await waitForGraph(page);
    const zone = await nodeOnScreen(page, 'tianzhu-comprehensive-bonded-zone');
    await page.mouse.click(zone.x, zone.y);
    await page.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();
    await page.waitForURL(/\/explore\?entity=beijing-customs&depth=1&selected=tianzhu-comprehensive-bonded-zone$/, { timeout: 5_000 });
    // Its neighbours are drawn, as the click drew them.
    await page.waitForFunction(() => (globalThis as any).explorer.cy.nodes().some((n: any) => n.data('slug') === 'beijing'));
    const drawn = (await drawnNodes(page)).map((n) => n.slug).sort();

    const shared = await browser.context.newPage();
    await shared.goto(page.url());
    await waitForGraph(shared);
    await shared.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();
    expect((await drawnNodes(shared)).filter((n) => n.selected).map((n) => n.slug)).toEqual(['tianzhu-comprehensive-bonded-zone']);
    await shared.waitForFunction((count) => (globalThis as any).explorer.cy.nodes().length === count, drawn.length);
    expect((await drawnNodes(shared)).map((n) => n.slug).sort()).toEqual(drawn);

    // A selected relation is shared the same way.
    const edge = await steadyOnScreen(() => edgeOnScreen(shared, 'beijing-customs', 'beijing-daxing-international-airport'));
    await shared.mouse.click(edge.x, edge.y);
    const title = 'Beijing Customs supervises Beijing Daxing International Airport';
    await shared.locator('#panel-title', { hasText: title }).waitFor();
    await shared.waitForURL(/&selected=[\w-]+$/, { timeout: 5_000 });
    const relationLink = shared.url();
    expect(relationLink).not.toContain('selected=tianzhu');
    const third = await browser.context.newPage();
    await third.goto(relationLink);
    await waitForGraph(third);
    await third.locator('#panel-title', { hasText: title }).waitFor();
    expect(await third.evaluate(() => (globalThis as any).explorer.cy.edges(':selected').length)).toBe(1);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('"Back to the graph" returns to the view the reader came from: entity, depth and selection', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing-customs&depth=2`);
    await waitForGraph(page);
    const depth2 = (await drawnNodes(page)).map((n) => n.slug);
    const zone = await nodeOnScreen(page, 'tianzhu-comprehensive-bonded-zone');
    await page.mouse.click(zone.x, zone.y);
    await page.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();
    await page.locator('#panel tr.observation-evidence a.source-link').first().click();
    await page.locator('mark#quote').waitFor();

    await page.locator('a.back', { hasText: 'Back to the graph' }).click();
    await page.waitForURL(/\/explore\?entity=beijing-customs&depth=2&selected=tianzhu-comprehensive-bonded-zone$/, { timeout: 5_000 });
    await waitForGraph(page);
    await page.locator('#panel-title', { hasText: 'Tianzhu Comprehensive Bonded Zone' }).waitFor();
    expect(await page.locator('#depth').inputValue()).toBe('2');
    const back = await drawnNodes(page);
    expect(back.filter((n) => n.selected).map((n) => n.slug)).toEqual(['tianzhu-comprehensive-bonded-zone']);
    for (const slug of depth2) expect(back.map((n) => n.slug)).toContain(slug);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('says so when the address names an entity that does not exist', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=no-such-entity`);
    await page.locator('#graph[data-state="failed"]').waitFor();
    expect(await page.locator('#status[role="alert"]').innerText()).toBe('There is no entity "no-such-entity". Search for one above.');
    expect(await drawnNodes(page)).toEqual([]);
  }, 90_000);
});
