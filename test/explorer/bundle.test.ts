// The explorer's bundle is built at install time and rebuilt by the server
// only when it is missing or older than one of its sources.
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleStaleness, ensureExplorerBundle, EXPLORER_ASSETS } from '../../src/explorer/bundle.ts';
import { useExplorer } from '../../src/explorer/serve.ts';
import { testLog } from '../helpers/server.ts';

const outDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-explorer-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('ensureExplorerBundle', () => {
  it('builds a missing bundle with Cytoscape inside, then leaves an up-to-date one alone', async () => {
    expect(await bundleStaleness(outDir)).toBe('it has not been built');
    expect(await ensureExplorerBundle(outDir)).toEqual({ built: 'it has not been built' });
    const code = readFileSync(path.join(outDir, 'explorer.js'), 'utf8');
    expect(code.includes('__________cytoscape_container')).toBe(true);
    // One self-contained script: no module is left for the browser to fetch.
    expect(code.slice(0, 30)).toMatch(/^"use strict";\(\(\)=>\{/);
    const before = EXPLORER_ASSETS.map((name) => statSync(path.join(outDir, name)).mtimeMs);
    expect(await ensureExplorerBundle(outDir)).toEqual({ built: null });
    expect(EXPLORER_ASSETS.map((name) => statSync(path.join(outDir, name)).mtimeMs)).toEqual(before);
  });

  it('rebuilds when a source is newer than the bundle', async () => {
    const longAgo = new Date('2001-01-01T00:00:00Z');
    for (const name of [...EXPLORER_ASSETS, 'inputs.json']) utimesSync(path.join(outDir, name), longAgo, longAgo);
    expect(await bundleStaleness(outDir)).toMatch(/changed$/);
    const { built } = await ensureExplorerBundle(outDir);
    expect(built).toMatch(/changed$/);
    expect(await bundleStaleness(outDir)).toBeNull();
  });
});

describe('the explorer plugin', () => {
  it('rebuilds a stale bundle when the page is next loaded, so an edited page shows on reload', async () => {
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      plugins: [useExplorer({ log: testLog, outDir })],
    });
    const load = async (path: string) => await yoga.fetch(`http://tradegraph.test${path}`);
    expect((await load('/explore')).status).toBe(200);
    expect(await bundleStaleness(outDir)).toBeNull();

    const longAgo = new Date('2001-01-01T00:00:00Z');
    for (const name of [...EXPLORER_ASSETS, 'inputs.json']) utimesSync(path.join(outDir, name), longAgo, longAgo);
    // Assets alone are served as loaded; the page load notices the change and rebuilds.
    expect((await load('/explore/assets/explorer.js')).status).toBe(200);
    expect(statSync(path.join(outDir, 'explorer.js')).mtimeMs).toBe(longAgo.getTime());
    expect((await load('/explore')).status).toBe(200);
    expect(statSync(path.join(outDir, 'explorer.js')).mtimeMs).toBeGreaterThan(longAgo.getTime());
    expect(await bundleStaleness(outDir)).toBeNull();
  });
});
