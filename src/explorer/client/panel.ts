// The side panel: everything about the selected entity or relation, in text.
// Every fact comes with its quote and a link to the quote in its source.
import { attributeRows } from './attributes.ts';
import { h } from './dom.ts';
import { formatChange, formatExact, formatQuantity, humanize, predicatePhrase } from './format.ts';
import { lookOf } from './kinds.ts';
import {
  type EntityDetail,
  type EntityRef,
  type EvidenceRef,
  type NeighbourRow,
  type ObservationRow,
  type RelationDetail,
} from './queries.ts';
import { seriesChart } from './series-chart.ts';
import { sourceUrl, type ExploreState } from './urls.ts';

export interface PanelActions {
  selectEntity(entity: EntityRef, via: NeighbourRow | null): void;
  selectRelation(relationId: string): void;
  startFrom(entity: EntityRef): void;
}

/** A small shape in the kind's colour, with the kind in words for screen readers. */
export function kindBadge(kind: string): HTMLElement {
  const look = lookOf(kind);
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.setProperty('background-color', look.color);
  swatch.style.setProperty('clip-path', look.clipPath);
  return h('span', { class: 'kind' }, swatch, humanize(kind));
}

function entityButton(entity: EntityRef, actions: PanelActions, via: NeighbourRow | null = null): HTMLElement {
  return h(
    'button',
    { type: 'button', class: 'entity-link', 'data-entity': entity.slug, onclick: () => actions.selectEntity(entity, via) },
    entity.name,
  );
}

/** The quote that states a fact, and a link that opens the source with it highlighted (and leads back to `view`). */
function evidenceBlock(evidence: EvidenceRef, view: ExploreState): HTMLElement {
  const href = sourceUrl({ source: evidence.source.slug, start: evidence.startOffset, end: evidence.endOffset, from: view });
  return h(
    'figure',
    { class: 'evidence' },
    h('blockquote', {}, evidence.quote),
    h('figcaption', {}, h('a', { href, class: 'source-link' }, `Show in source: ${evidence.source.title}`)),
  );
}

function attributes(entity: EntityDetail): HTMLElement {
  const rows: Array<[string, string]> = [
    ['Kind', humanize(entity.kind)],
    ['Slug', entity.slug],
  ];
  if (entity.aliases.length) rows.push(['Also called', entity.aliases.join('; ')]);
  rows.push(...attributeRows(entity.kind, entity));
  return h('dl', { class: 'attributes' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function observationRows(observation: ObservationRow, view: ExploreState): HTMLElement[] {
  const { value, unit } = observation;
  return [
    h(
      'tr',
      { class: 'observation', 'data-observation': observation.id },
      h('th', { scope: 'row' }, observation.metric.name, observation.scope ? h('span', { class: 'scope' }, ` in ${observation.scope.name}`) : null),
      h(
        'td',
        { class: 'value' },
        h('data', { value }, formatQuantity(value, unit)),
        h('span', { class: 'exact' }, 'exact: ', formatExact(value, unit)),
      ),
      h('td', {}, unit),
      h(
        'td',
        {},
        observation.period.label,
        // Another source gives another value for the same period: say which one answers.
        observation.disputed ? h('span', { class: 'claim' }, observation.rank === 'PREFERRED' ? ' (revised; answers)' : ` (${observation.rank.toLowerCase()}: another source differs)`) : null,
      ),
      h('td', {}, observation.change ? formatChange(observation.change) : '—'),
    ),
    h(
      'tr',
      { class: 'observation-evidence' },
      h('td', { colspan: 5 }, observation.note ? h('p', { class: 'note' }, `Note: ${observation.note}`) : null, evidenceBlock(observation.evidence, view)),
    ),
  ];
}

function observationsTable(entity: EntityDetail, view: ExploreState): HTMLElement {
  const { totalCount, edges } = entity.observations;
  if (totalCount === 0) return h('p', { class: 'empty' }, 'No figures are reported about this entity.');
  return h(
    'table',
    { class: 'observations' },
    h('caption', {}, `Figures reported (${totalCount}${edges.length < totalCount ? `, first ${edges.length} shown` : ''})`),
    h('thead', {}, h('tr', {}, ['Metric', 'Value', 'Unit', 'Period', 'Change'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, edges.flatMap(({ node }) => observationRows(node, view))),
  );
}

/** Charts of the entity's series with at least two periods, beside the table of figures. */
function seriesCharts(entity: EntityDetail): HTMLElement[] {
  const drawn = [...(entity.quarterly ?? []), ...(entity.toDate ?? [])].filter((s) => s.points.length > 1);
  return drawn.length ? [h('h3', {}, 'Over time'), ...drawn.map(seriesChart)] : [];
}

function neighbourItem(entity: EntityDetail, row: NeighbourRow, actions: PanelActions, view: ExploreState): HTMLElement {
  const phrase = predicatePhrase(row.predicate, row.direction);
  return h(
    'li',
    { class: 'neighbour' },
    h(
      'p',
      { class: 'fact' },
      h('span', { class: 'predicate' }, phrase),
      ' ',
      entityButton(row.node, actions, row),
      ' ',
      kindBadge(row.node.kind),
      row.role ? h('span', { class: 'role' }, ` as ${row.role}`) : null,
      row.basis === 'INFERRED' ? h('span', { class: 'inferred' }, ' (inferred)') : null,
      ' ',
      h(
        'button',
        { type: 'button', class: 'relation-link', 'data-relation': row.relation.id, onclick: () => actions.selectRelation(row.relation.id) },
        h('span', { class: 'visually-hidden' }, `${entity.name} ${phrase} ${row.node.name}: `),
        'relation details',
      ),
    ),
    row.note ? h('p', { class: 'note' }, `Note: ${row.note}`) : null,
    evidenceBlock(row.evidence, view),
  );
}

/** The panel of a selected entity; `view` is the graph view its source links lead back to. */
export function entityPanel(entity: EntityDetail, actions: PanelActions, isStart: boolean, view: ExploreState): Array<HTMLElement | null> {
  const { totalCount, edges } = entity.relations;
  return [
    h('h2', { id: 'panel-title', tabindex: -1 }, entity.name),
    h('p', { class: 'subtitle' }, kindBadge(entity.kind)),
    entity.description ? h('p', { class: 'description' }, entity.description) : null,
    isStart
      ? null
      : h('p', {}, h('button', { type: 'button', class: 'start-here', onclick: () => actions.startFrom(entity) }, `Start the graph from ${entity.name}`)),
    h('h3', {}, 'Attributes'),
    attributes(entity),
    h('h3', {}, 'Figures'),
    observationsTable(entity, view),
    ...seriesCharts(entity),
    h('h3', { id: 'neighbours-title' }, `Neighbours (${totalCount}${edges.length < totalCount ? `, first ${edges.length} shown` : ''})`),
    edges.length
      ? h('ul', { class: 'neighbours', 'aria-labelledby': 'neighbours-title' }, edges.map((row) => neighbourItem(entity, row, actions, view)))
      : h('p', { class: 'empty' }, 'No relations.'),
  ];
}

export function relationPanel(relation: RelationDetail, actions: PanelActions, view: ExploreState): Array<HTMLElement | null> {
  const phrase = predicatePhrase(relation.predicate, 'OUTGOING');
  const rows: Array<[string, HTMLElement | string]> = [
    ['Predicate', `${phrase} (${relation.predicate})`],
    ['Subject', entityButton(relation.subject, actions)],
    ['Object', entityButton(relation.object, actions)],
    ['Basis', humanize(relation.basis)],
  ];
  if (relation.role) rows.push(['Role', relation.role]);
  if (relation.validFrom) rows.push(['Valid from', relation.validFrom]);
  if (relation.validTo) rows.push(['Valid to', relation.validTo]);
  if (relation.note) rows.push(['Note', relation.note]);
  return [
    h('h2', { id: 'panel-title', tabindex: -1 }, `${relation.subject.name} ${phrase} ${relation.object.name}`),
    h('p', { class: 'subtitle' }, 'Relation'),
    h('dl', { class: 'attributes' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h('h3', {}, 'Evidence'),
    evidenceBlock(relation.evidence, view),
  ];
}
