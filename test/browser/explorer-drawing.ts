// What the explorer's page shows, read from the page and from Cytoscape (the
// page exposes it as window.explorer.cy), for the explorer's browser test.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where an edge's midpoint is on the screen, to click it as a user would. */
export function edgeOnScreen(page: Page, from: string, to: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([source, target]) => {
      const cy = (globalThis as any).explorer.cy;
      const edge = cy.edges().filter((e: any) => e.source().data('slug') === source && e.target().data('slug') === target);
      const at = edge.renderedMidpoint();
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + at.x, y: box.top + at.y };
    },
    [from, to],
  );
}

/**
 * A point of the drawing once it has stopped moving (two reads 150 ms apart
 * agree): a layout still running, or a fit, on a busy machine moves what a
 * click aims at.
 */
export async function steadyOnScreen(read: () => Promise<{ x: number; y: number }>, timeoutMs = 10_000): Promise<{ x: number; y: number }> {
  let last = await read();
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await read();
    if (Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5) return now;
    last = now;
  }
  return last;
}

/** The panel's attributes as [term, value] pairs. */
export function attributeRows(page: Page): Promise<Array<[string, string]>> {
  return page.evaluate(() => {
    const terms = [...(globalThis as any).document.querySelectorAll('#panel dl.attributes dt')];
    return terms.map((dt: any) => [dt.textContent, dt.nextElementSibling?.textContent]);
  });
}

// The smallest text, in screen pixels, that the drawing may show: anything
// smaller is hidden (edge labels) or drawn larger (node names).
const MIN_LABEL_PX = 11;

/** What of the drawing lies outside its box, or outside the window: nothing when it fits. */
export function fitProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const g = globalThis as any;
    const cy = g.explorer.cy;
    const box = cy.container().getBoundingClientRect();
    const problems: string[] = [];
    if (box.top < 0 || box.left < 0 || box.bottom > g.innerHeight + 0.5 || box.right > g.innerWidth + 0.5) {
      problems.push(`the drawing's box ${JSON.stringify(box)} is not inside the ${g.innerWidth}x${g.innerHeight} window`);
    }
    if (g.document.documentElement.scrollHeight > g.innerHeight) problems.push(`the page scrolls (${g.document.documentElement.scrollHeight}px tall)`);
    for (const node of cy.nodes()) {
      // With its label: a name cut off at the edge counts too.
      const b = node.renderedBoundingBox({ includeLabels: true });
      if (b.x1 < -0.5 || b.y1 < -0.5 || b.x2 > box.width + 0.5 || b.y2 > box.height + 0.5) {
        problems.push(`${node.data('slug')} at ${[b.x1, b.y1, b.x2, b.y2].map(Math.round).join(',')} is outside ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return problems;
  });
}

interface LabelSizes {
  /** Rendered font size of each label a reader can see, in screen pixels, by slug or edge id. */
  shown: Record<string, number>;
  hidden: string[];
}

/**
 * Which labels Cytoscape draws, and how large on the screen. It skips a label
 * whose font, times the zoom rounded up to a power of two, is below
 * min-zoomed-font-size (its renderer's eleTextBiggerThanMin).
 */
function labelSizes(page: Page, elements: 'nodes' | 'edges'): Promise<LabelSizes> {
  return page.evaluate((group) => {
    const g = globalThis as any;
    const cy = g.explorer.cy;
    const textureScale = 2 ** Math.ceil(Math.log2(cy.zoom() * g.devicePixelRatio));
    const shown: Record<string, number> = {};
    const hidden: string[] = [];
    for (const el of cy[group]()) {
      const key = group === 'nodes' ? el.data('slug') : `${el.source().data('slug')}>${el.target().data('slug')}`;
      const text = el.style('label');
      const font = parseFloat(el.style('font-size'));
      const px = font * cy.zoom();
      const drawn = font * textureScale >= parseFloat(el.style('min-zoomed-font-size'));
      const visible = el.visible() && text !== '' && parseFloat(el.style('text-opacity')) > 0 && drawn;
      if (visible) shown[key] = px;
      else hidden.push(key);
    }
    return { shown, hidden };
  }, elements);
}

export async function expectFittedAndReadable(page: Page): Promise<void> {
  expect(await fitProblems(page)).toEqual([]);
  const nodes = await labelSizes(page, 'nodes');
  // Every name is shown, none smaller than the minimum.
  expect(nodes.hidden).toEqual([]);
  for (const [slug, px] of Object.entries(nodes.shown)) expect(px, slug).toBeGreaterThanOrEqual(MIN_LABEL_PX);
  // Edge labels too small to read are hidden; those shown are readable,
  // and the selected entity's relations are among them.
  const edges = await labelSizes(page, 'edges');
  for (const [edge, px] of Object.entries(edges.shown)) expect(px, edge).toBeGreaterThanOrEqual(MIN_LABEL_PX);
  const selected = await page.evaluate(() =>
    (globalThis as any).explorer.cy
      .nodes(':selected')
      .connectedEdges()
      .map((e: any) => `${e.source().data('slug')}>${e.target().data('slug')}`),
  );
  expect(selected.length).toBeGreaterThan(0);
  for (const edge of selected) expect(Object.keys(edges.shown)).toContain(edge);
}
