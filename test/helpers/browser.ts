// Headless Chromium for the browser tests: Debian's `chromium` package driven
// by playwright-core (no browser is ever downloaded), in a fresh profile, with
// every request checked: anything not for this machine is blocked and recorded.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TEST_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export const chromiumMissing: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `no Chromium at ${CHROMIUM_PATH} (install Debian's package as root: apt-get install chromium; .ci/run does it; or set TEST_CHROMIUM_PATH)`;

if (chromiumMissing) console.warn(`[tests] browser tests skipped: ${chromiumMissing}`);

export const OUTPUT_DIR = path.resolve(import.meta.dirname, '../../test-output');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a request stays on this machine (data: and blob: never leave it). */
export function isLocal(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(parsed.hostname);
}

export interface TestBrowser {
  context: BrowserContext;
  /** Every request for another machine the pages tried to make (each was blocked). */
  external: string[];
  /** Errors the pages threw or logged to the console. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(options: { reducedMotion?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
  });
  const external: string[] = [];
  const pageErrors: string[] = [];
  const record = (url: string) => {
    if (!external.includes(url)) external.push(url);
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    record(url);
    return route.abort('blockedbyclient');
  });
  // Requests the router does not see (e.g. from workers) are still reported here.
  context.on('request', (request) => {
    if (!isLocal(request.url())) record(request.url());
  });
  context.on('page', (page) => {
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });
  return {
    context,
    external,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
