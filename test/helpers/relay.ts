// A Relay app's build, for tests: relay-compiler (its bundled native binary,
// no network) compiles the operations of test/relay/ against schema.graphql,
// as a Relay app built against this server would, writing its artifacts and
// its persisted-operations manifest (persistConfig) to a fresh folder under
// test-output/ (git-ignored; removed after the test). Compiled at the start
// of each run, so the artifacts always match the schema of the commit under
// test and nothing generated is committed or can go stale.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ConcreteRequest, ReaderFragment } from 'relay-runtime';

const root = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(root, 'test/relay');

export interface RelayBuild {
  /** Compiled queries by operation name, and fragments by fragment name. */
  queries: Map<string, ConcreteRequest>;
  fragments: Map<string, ReaderFragment>;
  /** relay-compiler's persisted operations manifest ({ "<id>": "<text>" }). */
  manifest: string;
  /** What relay-compiler printed. */
  output: string;
  /** Removes what the build wrote. */
  remove(): void;
}

export async function compileRelay(): Promise<RelayBuild> {
  const outputDir = path.join(root, 'test-output');
  mkdirSync(outputDir, { recursive: true });
  const dir = mkdtempSync(path.join(outputDir, 'relay-'));
  const generated = path.join(dir, '__generated__');
  mkdirSync(generated);
  const manifest = path.join(dir, 'persisted-operations.json');
  writeFileSync(manifest, '{}');
  const config = {
    src: path.relative(dir, SOURCES),
    schema: path.relative(dir, path.join(root, 'schema.graphql')),
    language: 'typescript',
    eagerEsModules: true,
    artifactDirectory: './__generated__',
    persistConfig: { file: './persisted-operations.json', algorithm: 'SHA256', include_query_text: true },
  };
  writeFileSync(path.join(dir, 'relay.config.json'), JSON.stringify(config, null, 2));
  const compiler = createRequire(import.meta.url)('relay-compiler') as string;
  const { stdout, stderr } = await promisify(execFile)(compiler, ['relay.config.json', '--output', 'verbose'], { cwd: dir });
  const queries = new Map<string, ConcreteRequest>();
  const fragments = new Map<string, ReaderFragment>();
  for (const file of readdirSync(generated)) {
    const node = ((await import(pathToFileURL(path.join(generated, file)).href)) as { default: ConcreteRequest | ReaderFragment }).default;
    if (node.kind === 'Request') queries.set(node.params.name, node);
    else if (node.kind === 'Fragment') fragments.set(node.name, node);
  }
  return { queries, fragments, manifest, output: stdout + stderr, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
