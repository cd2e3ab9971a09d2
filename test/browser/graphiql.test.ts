// GraphiQL in a real browser with no internet: it loads from this server
// alone, runs its default query, and shows data without errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startSeededServer, type RunningServer } from '../helpers/running-server.ts';

describe.skipIf(chromiumMissing != null)('GraphiQL in headless Chromium', () => {
  let server: RunningServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startSeededServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs its default query and shows the data, with no request leaving the machine', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/graphql`);
    const button = page.locator('.graphiql-execute-button');
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    // The editor is filled in with the default query once GraphiQL has started.
    await page.locator('.graphiql-query-editor').getByText('BeijingCustomsWalk').first().waitFor({ timeout: 30_000 });

    const answered = page.waitForResponse(
      (r) => r.url() === `${server.url}/graphql` && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('BeijingCustomsWalk'),
    );
    await button.click();
    const response = await answered;
    const result = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(result.data.entity.name).toBe('Beijing Customs');
    expect(result.data.entity.supervises.edges.length).toBeGreaterThanOrEqual(5);

    // The result pane shows the same data.
    const pane = page.locator('.graphiql-response');
    await pane.getByText('"Beijing Customs"').first().waitFor({ timeout: 10_000 });
    expect(await pane.innerText()).not.toContain('"errors"');

    expect(browser.external).toEqual([]);
  }, 90_000);
});
