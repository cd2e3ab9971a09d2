// Runs `prisma generate` without network access. Prisma 7's client needs no
// engine download, but the CLI still looks for the schema-engine binary and
// tries to download it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// executable (generate never runs it) lets it proceed offline.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
// The Pothos generator is a bin of this project; find it when run outside npm scripts too.
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin');
env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;

const result = spawnSync(process.execPath, [prismaCli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
