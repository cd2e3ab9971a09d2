// The search box: the API's `search` as the reader types, results reached
// with the arrow keys, Escape to close them. Choosing a result is left to the page.
import { aborted, graphql, message } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { kindBadge } from './panel.ts';
import { SEARCH, type EntityRef, type SearchResult } from './queries.ts';

const SEARCH_DELAY_MS = 200;
const SEARCH_RESULTS = 10;

export function searchBox(onChoose: (entity: EntityRef) => void): HTMLFormElement {
  const input = h('input', {
    id: 'search',
    type: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'e.g. Tianzhu, airport, tax',
    'aria-describedby': 'search-hint',
    'aria-controls': 'search-results',
  });
  const results = h('ul', { id: 'search-results', class: 'search-results', 'aria-label': 'Search results', hidden: true });
  const form = h(
    'form',
    { role: 'search', class: 'search', onsubmit: (e: Event) => (e.preventDefault(), void run(input.value)) },
    h('label', { for: 'search' }, 'Find an entity'),
    input,
    h('button', { type: 'submit' }, 'Search'),
    h('span', { id: 'search-hint', class: 'visually-hidden' }, 'Type a name, then press the down arrow to reach the results.'),
    results,
  );

  let timer: ReturnType<typeof setTimeout> | undefined;
  let request: AbortController | null = null;

  function close(): void {
    results.hidden = true;
    results.replaceChildren();
  }

  function choose(entity: EntityRef): void {
    close();
    input.value = '';
    onChoose(entity);
  }

  async function run(query: string): Promise<void> {
    clearTimeout(timer);
    request?.abort();
    if (query.trim().length < 2) return close();
    request = new AbortController();
    try {
      const { search } = await graphql<SearchResult>(SEARCH, { query: query.trim(), first: SEARCH_RESULTS }, request.signal);
      const items = search.edges.map(({ node, matched }) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'search-result', 'data-entity': node.slug, onclick: () => choose(node) },
            h('span', { class: 'name' }, node.name),
            ' ',
            kindBadge(node.kind),
            matched && matched !== node.name ? h('span', { class: 'matched' }, ` matched “${matched}”`) : null,
          ),
        ),
      );
      replaceChildren(results, items.length ? items : h('li', { class: 'empty' }, `Nothing matches “${query.trim()}”.`));
      results.hidden = false;
    } catch (err) {
      if (aborted(err)) return;
      replaceChildren(results, h('li', { class: 'empty', role: 'alert' }, `Search failed: ${message(err)}`));
      results.hidden = false;
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(input.value), SEARCH_DELAY_MS);
  });
  // Arrow keys move between the input and the results; Escape closes them.
  form.addEventListener('keydown', (event) => {
    const buttons = [...results.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' && buttons.length) {
      event.preventDefault();
      buttons[Math.min(at + 1, buttons.length - 1)]!.focus();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : buttons[at - 1]!).focus();
    } else if (event.key === 'Escape') {
      close();
      input.focus();
    }
  });
  return form;
}
