// The explorer's addresses: what a shared link holds, and how to read it back.
//   /explore?entity=beijing-customs&depth=1&selected=<slug or relation ID>
//       the graph around an entity, and what is selected in it
//   /explore/source?source=<slug>&start=12&end=80&from=beijing-customs&depth=1&selected=...
//       a source with a quote highlighted, and the view to go back to
import { LIMITS } from '../../limits.ts';

export const EXPLORE_PATH = '/explore';
export const SOURCE_PATH = '/explore/source';

export const MIN_DEPTH = 1;
// The deepest view is the deepest subgraph the API walks (LIMITS.subgraphDepth).
export const DEFAULT_DEPTH = 1;

export interface ExploreState {
  /** Slug of the start entity; null lets the page choose one. */
  entity: string | null;
  depth: number;
  /** The selected entity's slug or relation's ID; null when the start entity is selected. */
  selected: string | null;
}

export interface SourceState {
  source: string;
  /** Code-point offsets of the highlighted quote: [start, end). */
  start: number | null;
  end: number | null;
  /** The graph view the reader came from, for the way back. */
  from: ExploreState | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
// Global IDs are base64url (src/schema/scalars.ts); a slug is told apart by its lower case.
const GLOBAL_ID = /^[A-Za-z0-9_-]+={0,2}$/;

/** Whether a selection names an entity (by slug) rather than a relation (by ID). */
export const isSlug = (selected: string) => SLUG.test(selected);

function parseOffset(raw: string | null): number | null {
  if (raw == null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}

function parseDepth(raw: string | null): number {
  const depth = raw != null && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_DEPTH;
  return Math.min(LIMITS.subgraphDepth, Math.max(MIN_DEPTH, depth));
}

const MAX_SELECTED_LENGTH = 200;

function parseSelected(raw: string | null): string | null {
  const selected = raw?.trim() ?? '';
  if (selected.length > MAX_SELECTED_LENGTH) return null;
  return SLUG.test(selected) || GLOBAL_ID.test(selected) ? selected : null;
}

/** The view held by `params`, its start entity under `entityKey`. */
function readView(params: URLSearchParams, entityKey: string): ExploreState {
  const entity = params.get(entityKey)?.trim().toLowerCase() ?? '';
  return {
    entity: SLUG.test(entity) ? entity : null,
    depth: parseDepth(params.get('depth')),
    selected: parseSelected(params.get('selected')),
  };
}

function writeView(params: URLSearchParams, state: ExploreState, entityKey: string): void {
  if (state.entity) params.set(entityKey, state.entity);
  params.set('depth', String(state.depth));
  if (state.selected) params.set('selected', state.selected);
}

/** Reads ?entity=&depth=&selected=, falling back to defaults for anything missing or malformed. */
export function parseExploreState(search: string): ExploreState {
  return readView(new URLSearchParams(search), 'entity');
}

export function exploreUrl(state: ExploreState): string {
  const params = new URLSearchParams();
  writeView(params, state, 'entity');
  return `${EXPLORE_PATH}?${params}`;
}

/** Reads ?source=&start=&end= and the view to go back to (from=&depth=&selected=); null when no source is named. */
export function parseSourceState(search: string): SourceState | null {
  const params = new URLSearchParams(search);
  const source = params.get('source') ?? '';
  if (!SLUG.test(source)) return null;
  const from = readView(params, 'from');
  return {
    source,
    start: parseOffset(params.get('start')),
    end: parseOffset(params.get('end')),
    from: from.entity ? from : null,
  };
}

export function sourceUrl(state: SourceState): string {
  const params = new URLSearchParams({ source: state.source });
  if (state.start != null && state.end != null) {
    params.set('start', String(state.start));
    params.set('end', String(state.end));
  }
  if (state.from?.entity) writeView(params, state.from, 'from');
  return `${SOURCE_PATH}?${params}`;
}

/** Where "Back to the graph" leads from a source: the view the reader came from. */
export function backUrl(state: SourceState | null): string {
  return exploreUrl(state?.from ?? { entity: null, depth: DEFAULT_DEPTH, selected: null });
}
