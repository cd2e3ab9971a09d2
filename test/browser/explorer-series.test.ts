// The explorer's series chart in headless Chromium, on the seed plus the
// fictional samples: Beijing's quarterly import and export value is drawn
// point by point in period order, the line broken at the quarter no source
// reports, with a table of the same points beside it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { type RunningServer, startSeededServer } from '../helpers/running-server.ts';

interface DrawnChart {
  points: Array<{ x: number; y: number }>;
  gaps: Array<{ x: number; y: number }>;
  lines: string[];
  axisY: number;
  rows: Array<{ label: string; value: string; gap: boolean }>;
  caption: string;
}

const pglite = inject('testServer').kind === 'pglite';

describe.skipIf(chromiumMissing != null || pglite)('the explorer draws a series', () => {
  let server: RunningServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startSeededServer({}, 'samples'), launchBrowser({ reducedMotion: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("as points in period order with the gap on the axis and the line broken there (Beijing's quarters)", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?entity=beijing`);
    await page.locator('#panel-title', { hasText: 'Beijing' }).waitFor({ timeout: 20_000 });
    const figure = page.locator('#panel figure.series[data-series="import-export-value:QUARTER"]');
    await figure.waitFor({ timeout: 20_000 });

    const chart: DrawnChart = await figure.evaluate((el) => {
      const num = (e: Element, a: string) => Number(e.getAttribute(a));
      const at = (sel: string) => [...el.querySelectorAll(`svg ${sel}`)].map((c) => ({ x: num(c, 'cx'), y: num(c, 'cy') }));
      return {
        points: at('circle.point'),
        gaps: at('circle.gap'),
        lines: [...el.querySelectorAll('svg polyline')].map((l) => l.getAttribute('points') ?? ''),
        axisY: num(el.querySelector('svg line.axis')!, 'y1'),
        rows: [...el.querySelectorAll('table.series-points tbody tr')].map((tr) => ({
          label: tr.children[0]!.textContent ?? '',
          value: tr.children[1]!.textContent ?? '',
          gap: tr.classList.contains('gap'),
        })),
        caption: el.querySelector('figcaption')?.textContent ?? '',
      };
    });

    // The table: every quarter from the first reported to the last, the unreported one as such.
    expect(chart.rows.map((r) => [r.label, r.gap])).toEqual([
      ['2022 Q4', false],
      ['2023 Q1', true],
      ['2023 Q2', false],
      ['2023 Q3', false],
      ['2023 Q4', false],
    ]);
    expect(chart.rows[1]!.value).toBe('not reported');
    expect(chart.caption).toContain('2022 Q4 to 2023 Q4');
    expect(chart.caption).toContain('1 period not reported');

    // Four points left to right; the gap sits on the axis between the first and the second.
    expect(chart.points).toHaveLength(4);
    const xs = chart.points.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(chart.gaps).toHaveLength(1);
    expect(chart.gaps[0]!.y).toBe(chart.axisY);
    expect(chart.gaps[0]!.x).toBeGreaterThan(xs[0]!);
    expect(chart.gaps[0]!.x).toBeLessThan(xs[1]!);
    // Heights follow the values (SVG y grows downwards): 0.94, 1.07, 0.95, 0.97 trillion.
    const [q4, q2, q3, q4b] = chart.points.map((p) => p.y);
    expect(q2!).toBeLessThan(q4b!);
    expect(q4b!).toBeLessThan(q3!);
    expect(q3!).toBeLessThan(q4!);
    for (const p of chart.points) expect(p.y).toBeLessThan(chart.axisY);

    // The line is broken at the gap: 2022 Q4 stands alone, one line joins Q2 to Q4.
    expect(chart.lines).toEqual([chart.points.slice(1).map((p) => `${p.x},${p.y}`).join(' ')]);

    expect(browser.external).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);
});
