// With TRADEGRAPH_PERSISTED_ONLY=true the server runs listed operations only,
// and its own pages still work in a real browser: GraphiQL loads the schema
// and runs its default query, the explorer draws a graph, finds an entity and
// shows its panel. Their operations are listed from their sources.
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startSeededServer, type RunningServer } from '../helpers/running-server.ts';

/** Every answer of /graphql a page received, with the codes of its errors. */
function graphqlAnswers(page: Page, url: string) {
  const answers: Array<{ operation: string; status: number; codes: string[] }> = [];
  page.on('response', (response: Response) => {
    if (response.url() !== `${url}/graphql` || response.request().method() !== 'POST') return;
    void response.json().then(
      (body: { errors?: Array<{ extensions?: { code?: string } }> }) => {
        const operation = /(query|mutation) (\w+)/.exec(JSON.parse(response.request().postData() ?? '{}').query ?? '')?.[2] ?? '?';
        answers.push({ operation, status: response.status(), codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?') });
      },
      () => undefined,
    );
  });
  return answers;
}

describe.skipIf(chromiumMissing != null)('persisted-only mode in headless Chromium', () => {
  let server: RunningServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startSeededServer({ TRADEGRAPH_PERSISTED_ONLY: 'true' }), launchBrowser({ reducedMotion: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses an operation of its own text', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entities { totalCount } }' }),
    });
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
  });

  it('keeps GraphiQL working: it loads the schema and runs its default query', async () => {
    const page = await browser.context.newPage();
    const answers = graphqlAnswers(page, server.url);
    const introspected = page.waitForResponse((r) => r.url() === `${server.url}/graphql` && (r.request().postData() ?? '').includes('__schema'));
    await page.goto(`${server.url}/graphql`);
    const schema = (await (await introspected).json()) as { data?: { __schema?: unknown }; errors?: unknown[] };
    expect(schema.errors, (await introspected).request().postData() ?? "").toBeUndefined();
    expect(schema.data?.__schema).toBeDefined();

    const button = page.locator('.graphiql-execute-button');
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.graphiql-query-editor').getByText('BeijingCustomsWalk').first().waitFor({ timeout: 30_000 });
    const answered = page.waitForResponse((r) => r.url() === `${server.url}/graphql` && (r.request().postData() ?? '').includes('BeijingCustomsWalk'));
    await button.click();
    const result = (await (await answered).json()) as { data?: any; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(result.data.entity.name).toBe('Beijing Customs');
    await page.locator('.graphiql-response').getByText('"Beijing Customs"').first().waitFor({ timeout: 10_000 });
    expect(answers.filter((a) => a.status !== 200 || a.codes.length)).toEqual([]);
    expect(browser.external).toEqual([]);
  }, 90_000);

  it('keeps the explorer working: the graph, search and the panel', async () => {
    const page = await browser.context.newPage();
    const answers = graphqlAnswers(page, server.url);
    await page.goto(`${server.url}/explore`);
    await page.locator('#graph[data-state="ready"]').waitFor({ timeout: 20_000 });
    await page.locator('#panel-title', { hasText: 'Beijing Customs' }).waitFor();
    await page.locator('#search').fill('tianzhu');
    await page.locator('#search-results li').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#search-results').innerText()).toContain('Tianzhu');
    // Let the last answers arrive, then check that every one of them ran.
    await page.waitForLoadState('networkidle');
    expect(answers.map((a) => a.operation)).toEqual(expect.arrayContaining(['ExplorerDefaultStart', 'ExplorerSubgraph', 'ExplorerEntity', 'ExplorerSearch']));
    expect(answers.filter((a) => a.status !== 200 || a.codes.length)).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);
});
