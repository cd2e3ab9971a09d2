// /explore?entity=<slug>&depth=<n>&selected=<slug or relation ID>: the graph
// around an entity, a search box to pick another, a depth control, and the
// side panel. Clicking a node (or choosing it in a text list) selects it and
// draws its neighbours; the address always says what is selected.
import { aborted, ApiError, graphql, message } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { predicatePhrase } from './format.ts';
import { GraphDrawing, type DrawnEdge } from './graph.ts';
import { searchBox } from './search-box.ts';
import { KIND_LOOK, KINDS } from './kinds.ts';
import { entityPanel, kindBadge, relationPanel, type PanelActions } from './panel.ts';
import {
  DEFAULT_START,
  ENTITY_DETAIL,
  PANEL_PAGE,
  RELATION_DETAIL,
  SUBGRAPH,
  type DefaultStartResult,
  type EntityDetailResult,
  type EntityRef,
  type NeighbourRow,
  type RelationDetailResult,
  type SubgraphResult,
} from './queries.ts';
import { EXPLORE_PATH, exploreUrl, isSlug, MIN_DEPTH, parseExploreState, type ExploreState } from './urls.ts';
import { LIMITS } from '../../limits.ts';

export function showExplorer(root: HTMLElement): void {
  let state: ExploreState = parseExploreState(location.search);
  let start: EntityRef | null = null;
  let panelRequest: AbortController | null = null;
  let graphRequest: AbortController | null = null;

  // --- the page's parts -------------------------------------------------------
  const searchForm = searchBox((entity) => navigate({ entity: entity.slug, depth: state.depth, selected: null }));
  const depthSelect = h(
    'select',
    // The selection stays selected at the new depth.
    { id: 'depth', onchange: () => navigate({ ...state, depth: Number(depthSelect.value) }) },
    Array.from({ length: LIMITS.subgraphDepth - MIN_DEPTH + 1 }, (_, i) => h('option', { value: MIN_DEPTH + i }, String(MIN_DEPTH + i))),
  );
  const status = h('p', { id: 'status', role: 'status' });
  const graphBox = h('div', { id: 'graph', role: 'img', 'aria-label': 'Graph drawing (empty)' });
  const drawnList = h('div', { class: 'drawn' });
  const panel = h('aside', { id: 'panel', 'aria-labelledby': 'panel-title', tabindex: -1 }, h('h2', { id: 'panel-title' }, 'Details'));

  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    KINDS.map((kind) => h('li', {}, kindBadge(kind), h('span', { class: 'visually-hidden' }, ` (${KIND_LOOK[kind].shapeName})`))),
  );

  replaceChildren(
    root,
    h('a', { href: '#panel', class: 'skip-link' }, 'Skip to the details'),
    h(
      'header',
      { class: 'topbar' },
      h('h1', { class: 'brand' }, h('a', { href: EXPLORE_PATH }, 'tradegraph explorer')),
      searchForm,
      h('label', { class: 'depth' }, 'Depth ', depthSelect),
      h(
        'span',
        { class: 'view-controls', role: 'group', 'aria-label': 'View' },
        h('button', { type: 'button', onclick: () => drawing.zoomBy(1.25), 'aria-label': 'Zoom in' }, '+'),
        h('button', { type: 'button', onclick: () => drawing.zoomBy(0.8), 'aria-label': 'Zoom out' }, '−'),
        h('button', { type: 'button', onclick: () => drawing.fit() }, 'Fit'),
      ),
      h('a', { href: '/graphql', class: 'graphiql-link' }, 'GraphiQL'),
    ),
    h(
      'main',
      { class: 'explorer' },
      h('section', { class: 'graph-area', 'aria-label': 'Graph' }, graphBox, status, legend, drawnList),
      panel,
    ),
  );

  const actions: PanelActions = {
    selectEntity: (entity, via) => void selectEntity(entity, { expand: true, focusPanel: true, via }),
    selectRelation: (id) => void selectRelation(id, { focusPanel: true }),
    startFrom: (entity) => navigate({ entity: entity.slug, depth: state.depth, selected: null }),
  };

  const drawing = new GraphDrawing(graphBox, {
    onEntityTap: (entity) => void selectEntity(entity, { expand: true, focusPanel: false, via: null }),
    onRelationTap: (id) => void selectRelation(id, { focusPanel: false }),
  });
  // For debugging in the browser console and for the end-to-end test, as Cytoscape's docs suggest.
  (window as unknown as { explorer: unknown }).explorer = { cy: drawing.cy };

  // --- status and text alternatives ------------------------------------------
  function say(text: string, alert = false): void {
    status.textContent = text;
    status.setAttribute('role', alert ? 'alert' : 'status');
  }

  function describeDrawing(): void {
    const entities = drawing.entities();
    const edges = drawing.edges();
    graphBox.setAttribute(
      'aria-label',
      `Graph of ${entities.length} entities and ${edges.length} relations around ${start?.name ?? 'nothing'}; the list below the drawing says the same in text.`,
    );
    replaceChildren(
      drawnList,
      h(
        'details',
        {},
        h('summary', {}, `Everything drawn, as text (${entities.length} entities, ${edges.length} relations)`),
        h(
          'ul',
          { class: 'drawn-entities', 'aria-label': 'Entities drawn' },
          entities.map((entity) =>
            h(
              'li',
              {},
              h('button', { type: 'button', class: 'entity-link', 'data-entity': entity.slug, onclick: () => actions.selectEntity(entity, null) }, entity.name),
              ' ',
              kindBadge(entity.kind),
            ),
          ),
        ),
        h(
          'ul',
          { class: 'drawn-relations', 'aria-label': 'Relations drawn' },
          edges.map((edge) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: 'relation-link', 'data-relation': edge.id, onclick: () => actions.selectRelation(edge.id) },
                `${edge.sourceName} ${predicatePhrase(edge.predicate, 'OUTGOING')} ${edge.targetName}`,
              ),
            ),
          ),
        ),
      ),
    );
  }

  // --- loading the graph ------------------------------------------------------
  async function fetchAround(slug: string, depth: number): Promise<SubgraphResult['subgraph']> {
    graphRequest?.abort();
    graphRequest = new AbortController();
    const { subgraph } = await graphql<SubgraphResult>(SUBGRAPH, { around: slug, depth, maxNodes: LIMITS.subgraphDefaultNodes }, graphRequest.signal);
    return subgraph;
  }

  /** loading, ready or failed: for assistive technology (aria-busy) and for tests. */
  function setGraphState(value: 'loading' | 'ready' | 'failed'): void {
    graphBox.dataset.state = value;
    if (value === 'loading') graphBox.setAttribute('aria-busy', 'true');
    else graphBox.removeAttribute('aria-busy');
  }

  let loads = 0;

  async function load(): Promise<void> {
    // A newer load (another search, depth or back button) makes this one stale.
    const generation = ++loads;
    const current = () => generation === loads;
    setGraphState('loading');
    depthSelect.value = String(state.depth);
    drawing.clear();
    start = null;
    describeDrawing();
    let slug = state.entity;
    try {
      if (!slug) {
        say('Choosing a place to start…');
        const found = await graphql<DefaultStartResult>(DEFAULT_START);
        if (!current()) return;
        slug = found.customsOffices.nodes[0]?.slug ?? found.entities.nodes[0]?.slug ?? null;
        if (!slug) {
          setGraphState('ready');
          return say('The graph is empty: ingest a knowledge file first.');
        }
        state = { ...state, entity: slug };
        history.replaceState(state, '', exploreUrl(state));
      }
      say('Loading the graph…');
      const subgraph = await fetchAround(slug, state.depth);
      if (!current()) return;
      start = subgraph.center;
      drawing.add(
        subgraph.nodes.map((n) => n.entity),
        drawnEdges(subgraph),
      );
      drawing.setStart(subgraph.center);
      await drawing.layout();
      if (!current()) return;
      describeDrawing();
      document.title = `${subgraph.center.name} · tradegraph explorer`;
      say(
        `${subgraph.nodes.length} entities and ${subgraph.edges.length} relations within ${state.depth} step${state.depth > 1 ? 's' : ''} of ${subgraph.center.name}` +
          (subgraph.truncated ? ` (cut at ${LIMITS.subgraphDefaultNodes} entities)` : '') +
          '. Select an entity to see its figures and draw its neighbours.',
      );
      await restoreSelection(subgraph.center);
      if (current()) setGraphState('ready');
    } catch (err) {
      if (aborted(err) || !current()) return;
      setGraphState('failed');
      const code = err instanceof ApiError ? err.code : undefined;
      say(code === 'NOT_FOUND' ? `There is no entity "${slug}". Search for one above.` : `The graph could not be loaded: ${message(err)}`, true);
    }
  }

  /** Draws the neighbours of an entity next to what is drawn already. */
  async function expand(entity: EntityRef): Promise<void> {
    try {
      const subgraph = await fetchAround(entity.slug, 1);
      const added = drawing.add(
        subgraph.nodes.map((n) => n.entity),
        drawnEdges(subgraph),
      );
      if (added > 0) {
        await drawing.layout();
        drawing.select(entity.id);
        say(`Drew ${added} more entit${added === 1 ? 'y' : 'ies'} around ${entity.name}.`);
      }
      describeDrawing();
    } catch (err) {
      if (!aborted(err)) say(`The neighbours of ${entity.name} could not be loaded: ${message(err)}`, true);
    }
  }

  // --- selecting --------------------------------------------------------------
  function showInPanel(children: Array<Node | null>, focusPanel: boolean): void {
    replaceChildren(panel, children);
    panel.scrollTop = 0;
    if (focusPanel) document.getElementById('panel-title')?.focus();
  }

  /** Selects what the address names (the start entity when it names nothing), as a click would. */
  async function restoreSelection(center: EntityRef): Promise<void> {
    const wanted = state.selected;
    if (wanted == null || wanted === center.slug) return selectEntity(center, { expand: false, focusPanel: false, via: null });
    if (!isSlug(wanted)) return selectRelation(wanted, { focusPanel: false });
    const drawn = drawing.entities().find((entity) => entity.slug === wanted);
    if (drawn) return selectEntity(drawn, { expand: true, focusPanel: false, via: null });
    // Not within reach of the start (the link was made after walking further): draw it with its neighbours.
    try {
      const around = await fetchAround(wanted, 1);
      drawing.add(
        around.nodes.map((n) => n.entity),
        drawnEdges(around),
      );
      await drawing.layout();
      await selectEntity(around.center, { expand: false, focusPanel: false, via: null });
    } catch (err) {
      if (aborted(err)) return;
      const notFound = err instanceof ApiError && err.code === 'NOT_FOUND';
      showInPanel([h('h2', { id: 'panel-title', tabindex: -1 }, 'Selection'), h('p', { role: 'alert' }, notFound ? `There is no entity "${wanted}".` : message(err))], false);
    }
  }

  /** Records the selection in the address (replacing it: selecting is not a step back and forward go through). */
  function setSelection(selected: string | null): void {
    const next = selected === start?.slug ? null : selected;
    if (state.selected === next) return;
    state = { ...state, selected: next };
    history.replaceState(state, '', exploreUrl(state));
  }

  async function selectEntity(entity: EntityRef, options: { expand: boolean; focusPanel: boolean; via: NeighbourRow | null }) {
    setSelection(entity.slug);
    if (!drawing.has(entity.id) && options.via) {
      // Reached from the panel's list: draw it, and the relation that led there, at once.
      const from = panel.dataset.entityId;
      drawing.add([entity], from ? [{ id: options.via.relation.id, ...ends(from, entity.id, options.via), predicate: options.via.predicate }] : []);
    }
    drawing.select(entity.id);
    panelRequest?.abort();
    panelRequest = new AbortController();
    panel.setAttribute('aria-busy', 'true');
    const expanded = options.expand ? expand(entity) : Promise.resolve();
    try {
      const { entity: detail } = await graphql<EntityDetailResult>(ENTITY_DETAIL, { slug: entity.slug, first: PANEL_PAGE }, panelRequest.signal);
      if (!detail) throw new ApiError(`There is no entity "${entity.slug}".`, 'NOT_FOUND');
      panel.dataset.entityId = detail.id;
      showInPanel(entityPanel(detail, actions, detail.id === start?.id, state), options.focusPanel);
    } catch (err) {
      if (aborted(err)) return;
      showInPanel([h('h2', { id: 'panel-title', tabindex: -1 }, entity.name), h('p', { role: 'alert' }, message(err))], options.focusPanel);
    } finally {
      panel.removeAttribute('aria-busy');
    }
    await expanded;
  }

  async function selectRelation(id: string, options: { focusPanel: boolean }) {
    setSelection(id);
    drawing.select(id);
    panelRequest?.abort();
    panelRequest = new AbortController();
    try {
      const { node } = await graphql<RelationDetailResult>(RELATION_DETAIL, { id }, panelRequest.signal);
      if (!node) throw new ApiError('This relation is no longer in the graph.', 'NOT_FOUND');
      delete panel.dataset.entityId;
      showInPanel(relationPanel(node, actions, state), options.focusPanel);
    } catch (err) {
      if (!aborted(err)) showInPanel([h('h2', { id: 'panel-title', tabindex: -1 }, 'Relation'), h('p', { role: 'alert' }, message(err))], options.focusPanel);
    }
  }

  // --- the address ------------------------------------------------------------
  function navigate(next: ExploreState): void {
    state = next;
    history.pushState(state, '', exploreUrl(state));
    void load();
  }

  window.addEventListener('popstate', () => {
    state = parseExploreState(location.search);
    void load();
  });

  void load();
}

/** The subgraph's edges as the drawing keys them: by relation ID. */
function drawnEdges(subgraph: SubgraphResult['subgraph']): DrawnEdge[] {
  return subgraph.edges.map((edge) => ({ id: edge.relation.id, source: edge.source, target: edge.target, predicate: edge.predicate }));
}

/** Which way round a relation reached from the panel is drawn. */
function ends(from: string, to: string, via: NeighbourRow): { source: string; target: string } {
  return via.direction === 'OUTGOING' ? { source: from, target: to } : { source: to, target: from };
}

