// A small line chart of a series, drawn as SVG by hand (no library, no CDN):
// points in period order, the line broken at gaps, each gap marked on the
// axis, with the first and last period and the extremes as text. A table
// beside it carries the same numbers for screen readers.
import { h } from './dom.ts';
import { formatQuantity } from './format.ts';
import type { SeriesRow } from './queries.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 280;
const HEIGHT = 90;
const PAD = 8;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

export function seriesChart(series: SeriesRow): HTMLElement {
  const values = series.points.map((p) => (p.value === null ? null : Number(p.value)));
  const known = values.filter((v): v is number => v !== null);
  const min = Math.min(0, ...known);
  const max = Math.max(...known, min + 1);
  const x = (i: number) => PAD + (series.points.length === 1 ? (WIDTH - 2 * PAD) / 2 : (i * (WIDTH - 2 * PAD)) / (series.points.length - 1));
  const y = (v: number) => HEIGHT - PAD - ((v - min) / (max - min)) * (HEIGHT - 2 * PAD);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'series-chart', role: 'img', 'aria-hidden': 'true' });
  chart.append(svg('line', { x1: PAD, x2: WIDTH - PAD, y1: y(min), y2: y(min), class: 'axis' }));
  // One polyline per run of reported periods: a gap breaks the line.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) chart.append(svg('polyline', { points: run.join(' '), class: 'line' }));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null) {
      flush();
      chart.append(svg('circle', { cx: x(i), cy: y(min), r: 2.5, class: 'gap' }));
      return;
    }
    run.push(`${x(i)},${y(v)}`);
    chart.append(svg('circle', { cx: x(i), cy: y(v), r: 2.5, class: 'point' }));
  });
  flush();
  const first = series.points[0]?.period.label ?? '';
  const last = series.points.at(-1)?.period.label ?? '';
  const gaps = series.points.filter((p) => p.gap).length;
  return h(
    'figure',
    { class: 'series', 'data-series': `${series.metric.slug}:${series.granularity}` },
    chart as unknown as HTMLElement,
    h(
      'figcaption',
      {},
      `${series.metric.name} by ${series.granularity.toLowerCase().replace(/_/g, ' ')}, ${first} to ${last}`,
      gaps ? ` (${gaps} period${gaps === 1 ? '' : 's'} not reported)` : '',
    ),
    h(
      'table',
      { class: 'series-points' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Period'), h('th', { scope: 'col' }, 'Value'))),
      h(
        'tbody',
        {},
        series.points.map((p) =>
          h('tr', { class: p.gap ? 'gap' : 'point' }, h('td', {}, p.period.label), h('td', {}, p.value === null ? 'not reported' : formatQuantity(p.value, series.unit))),
        ),
      ),
    ),
  );
}
