// The explorer's addresses: what a shared link holds, and how to read it back.
//   /explore?entity=beijing-customs&depth=1            the graph around an entity
//   /explore/source?source=<slug>&start=12&end=80      a source with a quote highlighted

export const EXPLORE_PATH = '/explore';
export const SOURCE_PATH = '/explore/source';

export const MIN_DEPTH = 1;
// The API walks at most 4 steps (subgraph.depth).
export const MAX_DEPTH = 4;
export const DEFAULT_DEPTH = 1;

export interface ExploreState {
  /** Slug of the start entity; null lets the page choose one. */
  entity: string | null;
  depth: number;
}

export interface SourceState {
  source: string;
  /** Code-point offsets of the highlighted quote: [start, end). */
  start: number | null;
  end: number | null;
  /** Slug of the entity the reader came from, for the way back. */
  from: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

function parseOffset(raw: string | null): number | null {
  if (raw == null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}

/** Reads ?entity=&depth=, falling back to defaults for anything missing or malformed. */
export function parseExploreState(search: string): ExploreState {
  const params = new URLSearchParams(search);
  const entity = params.get('entity')?.trim().toLowerCase() ?? '';
  const depthRaw = params.get('depth');
  const depth = depthRaw != null && /^\d+$/.test(depthRaw) ? Number(depthRaw) : DEFAULT_DEPTH;
  return {
    entity: SLUG.test(entity) ? entity : null,
    depth: Math.min(MAX_DEPTH, Math.max(MIN_DEPTH, depth)),
  };
}

export function exploreUrl(state: ExploreState): string {
  const params = new URLSearchParams();
  if (state.entity) params.set('entity', state.entity);
  params.set('depth', String(state.depth));
  return `${EXPLORE_PATH}?${params}`;
}

/** Reads ?source=&start=&end=&from=; null when no source is named. */
export function parseSourceState(search: string): SourceState | null {
  const params = new URLSearchParams(search);
  const source = params.get('source') ?? '';
  if (!SLUG.test(source)) return null;
  const from = params.get('from') ?? '';
  return {
    source,
    start: parseOffset(params.get('start')),
    end: parseOffset(params.get('end')),
    from: SLUG.test(from) ? from : null,
  };
}

export function sourceUrl(state: SourceState): string {
  const params = new URLSearchParams({ source: state.source });
  if (state.start != null && state.end != null) {
    params.set('start', String(state.start));
    params.set('end', String(state.end));
  }
  if (state.from) params.set('from', state.from);
  return `${SOURCE_PATH}?${params}`;
}
