// npm run build:explorer (and postinstall): bundles the explorer page's code,
// Cytoscape.js and styles into dist/explorer/ and prints their sizes.
// Where the sources are not there yet (a Docker layer that installs
// dependencies before copying the code), it says so and leaves the build to
// a later step; the server also builds a missing bundle when first asked.
import { existsSync } from 'node:fs';
import path from 'node:path';

const entry = path.resolve(import.meta.dirname, '../src/explorer/client/main.ts');
if (!existsSync(entry)) {
  console.log('explorer: sources not present yet; not building the bundle now');
  process.exit(0);
}
const { buildExplorerBundle } = await import('../src/explorer/bundle.ts');
const started = Date.now();
const report = await buildExplorerBundle();
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const files = report.files.map((f) => `${f.name} ${kB(f.bytes)} (${kB(f.gzipBytes)} gzipped)`).join(', ');
console.log(`explorer: built ${path.relative(process.cwd(), report.outDir) || '.'} in ${Date.now() - started} ms: ${files}`);
