// Builds the explorer's browser bundle (its code, Cytoscape.js and its CSS)
// with esbuild into dist/explorer/. `npm install` builds it (postinstall) and
// the server builds it when it is missing or older than its sources, so the
// page never loads anything from another host.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../config.ts';

const EXPLORER_SOURCE_DIR = path.join(projectRoot, 'src', 'explorer', 'client');
const EXPLORER_ENTRY = path.join(EXPLORER_SOURCE_DIR, 'main.ts');
export const EXPLORER_OUT_DIR = path.join(projectRoot, 'dist', 'explorer');

/** The files the page loads, by the name it asks for. */
export const EXPLORER_ASSETS = ['explorer.js', 'explorer.css'] as const;
export type ExplorerAssetName = (typeof EXPLORER_ASSETS)[number];

// Lists the bundle's inputs, so a later start can tell whether it is stale.
const INPUTS_FILE = 'inputs.json';

export interface BundleReport {
  outDir: string;
  files: Array<{ name: string; bytes: number; gzipBytes: number }>;
}

export async function buildExplorerBundle(outDir = EXPLORER_OUT_DIR): Promise<BundleReport> {
  // esbuild is imported when needed: serving a bundle that exists does not load it.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { explorer: EXPLORER_ENTRY },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    platform: 'browser',
    legalComments: 'none',
    outdir: outDir,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: projectRoot,
  });
  await mkdir(outDir, { recursive: true });
  // Write each file beside its final name and rename it, so a server reading
  // the bundle while another process rebuilds it never sees half a file.
  const files: BundleReport['files'] = [];
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
    files.push({ name, bytes: file.contents.byteLength, gzipBytes: gzipSync(file.contents).byteLength });
  }
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(projectRoot, input));
  const inputsTemporary = path.join(outDir, `${INPUTS_FILE}.${process.pid}.tmp`);
  await writeFile(inputsTemporary, JSON.stringify(inputs, null, 1));
  await rename(inputsTemporary, path.join(outDir, INPUTS_FILE));
  return { outDir, files };
}

async function modifiedAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Why the bundle in `outDir` needs building, or null if it is up to date. */
export async function bundleStaleness(outDir = EXPLORER_OUT_DIR): Promise<string | null> {
  const built = await Promise.all([...EXPLORER_ASSETS, INPUTS_FILE].map((name) => modifiedAt(path.join(outDir, name))));
  if (built.some((t) => t == null)) return 'it has not been built';
  const oldest = Math.min(...(built as number[]));
  let inputs: string[];
  try {
    inputs = JSON.parse(await readFile(path.join(outDir, INPUTS_FILE), 'utf8')) as string[];
  } catch {
    return 'its list of inputs is unreadable';
  }
  for (const input of inputs) {
    const changed = await modifiedAt(input);
    if (changed == null) return `${path.relative(projectRoot, input)} is gone`;
    if (changed > oldest) return `${path.relative(projectRoot, input)} changed`;
  }
  // A source file added since the last build is imported by one that changed, so checking inputs suffices.
  return null;
}

/** Builds the bundle if it is missing or stale; says why it built, or null if it did not. */
export async function ensureExplorerBundle(outDir = EXPLORER_OUT_DIR): Promise<{ built: string | null }> {
  const reason = await bundleStaleness(outDir);
  if (reason == null) return { built: null };
  await buildExplorerBundle(outDir);
  return { built: reason };
}
