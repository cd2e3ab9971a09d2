// The real PostgreSQL process behind a data folder of the embedded database,
// found the way PostgreSQL itself records it: postmaster.pid in the cluster's
// folder (line 1 the PID, line 4 the port).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Postmaster {
  pid: number;
  port: number;
}

/** The postmaster recorded in `dataDir/postgres/postmaster.pid`, or null when there is none. */
export function postmasterOf(dataDir: string): Postmaster | null {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : null;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster of `dataDir` if its process is running. */
export function runningPostmasterOf(dataDir: string): Postmaster | null {
  const postmaster = postmasterOf(dataDir);
  return postmaster && isRunning(postmaster.pid) ? postmaster : null;
}

/** The embedded database's connection string, as the server builds it for this port. */
export const embeddedUrl = (port: number) => `postgres://postgres:tradegraph@127.0.0.1:${port}/tradegraph`;
