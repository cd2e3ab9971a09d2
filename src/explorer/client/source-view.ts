// /explore/source?source=<slug>&start=&end=: the full text of a source, read
// through GraphQL, with the quote [start, end) (code points) highlighted.
import { ApiError, graphql } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { SOURCE_TEXT, type SourceTextResult } from './queries.ts';
import { splitAtCodePoints } from './text-range.ts';
import { backUrl, EXPLORE_PATH, parseSourceState } from './urls.ts';

export async function showSource(root: HTMLElement): Promise<void> {
  const state = parseSourceState(location.search);
  // Back to the exact view the reader came from: start entity, depth and selection.
  const back = h('a', { href: backUrl(state), class: 'back' }, '← Back to the graph');
  const status = h('p', { id: 'status', role: 'status' }, 'Loading the source…');
  const main = h('main', { class: 'source-view' }, back, status);
  replaceChildren(root, h('header', { class: 'topbar' }, h('p', { class: 'brand' }, h('a', { href: EXPLORE_PATH }, 'tradegraph explorer'))), main);

  if (!state) {
    status.textContent = 'No source is named: the address needs ?source=<slug>.';
    status.setAttribute('role', 'alert');
    return;
  }
  let source: SourceTextResult['source'];
  try {
    ({ source } = await graphql<SourceTextResult>(SOURCE_TEXT, { slug: state.source }));
  } catch (err) {
    status.textContent = `The source could not be loaded: ${err instanceof ApiError ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
    return;
  }
  if (!source) {
    status.textContent = `There is no source "${state.source}".`;
    status.setAttribute('role', 'alert');
    return;
  }
  document.title = `${source.title} · tradegraph explorer`;

  const parts = state.start != null && state.end != null ? splitAtCodePoints(source.text, state.start, state.end) : null;
  const text = h('div', { class: 'source-text' });
  let mark: HTMLElement | null = null;
  if (parts) {
    mark = h('mark', { id: 'quote', tabindex: -1 }, parts[1]);
    text.append(parts[0], mark, parts[2]);
    status.textContent = `The quote is highlighted (characters ${state.start} to ${state.end} of the text).`;
  } else {
    text.append(source.text);
    status.textContent =
      state.start != null || state.end != null
        ? 'The quote’s position is outside this text; the whole text is shown.'
        : 'No quote is selected; the whole text is shown.';
  }
  const meta = [source.publisher, source.publishedAt].filter(Boolean).join(', ');
  main.append(
    h(
      'article',
      { 'aria-labelledby': 'source-title' },
      h('h1', { id: 'source-title' }, source.title),
      h('p', { class: 'subtitle' }, meta, source.url ? [' · ', h('a', { href: source.url, rel: 'noreferrer' }, 'original')] : null),
      text,
    ),
  );
  if (mark) {
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
  }
}
