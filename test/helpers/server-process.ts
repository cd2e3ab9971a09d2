// `npm start` as a real process on a port of its own, for tests that need a
// whole server: start-up, signals, a database going away, a browser.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pickPort } from '../../src/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  logs(): string;
  /** Resolves with the exit code when the process exits. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (unless it has exited) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** What a server process answered to a GraphQL POST: status, the response cache's `x-cache`, the JSON. */
export interface ProcessAnswer {
  status: number;
  cache: string | null;
  json: any;
}

/** A GraphQL POST to a server process, with a token if given. */
export async function postGraphQL(server: Pick<ServerProcess, 'url'>, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<ProcessAnswer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cache: response.headers.get('x-cache'), json: await response.json() };
}

/** Starts src/server.ts with these environment variables, without waiting for it to be ready. */
export async function spawnServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // A PORT given picks the port (a range of one's own); else any free one.
  const port = env.PORT ? Number(env.PORT) : await pickPort(0);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), TRADEGRAPH_EMBEDDED_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, port, url: `http://127.0.0.1:${port}`, logs: () => output, exited, stop };
}

/** Resolves once the server's output matches `pattern`; rejects if it exits first or the time runs out. */
export function waitForOutput(server: ServerProcess, pattern: string | RegExp, timeoutMs: number): Promise<void> {
  const matches = () => (typeof pattern === 'string' ? server.logs().includes(pattern) : pattern.test(server.logs()));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`server did not print ${pattern}:\n${server.logs()}`)), timeoutMs);
    const poll = setInterval(() => matches() && finish(), 20);
    const finish = (err?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    void server.exited.then(() => (matches() ? finish() : finish(new Error(`server exited:\n${server.logs()}`))));
  });
}

/** Starts src/server.ts with these environment variables and waits until it says it is ready. */
export async function startServerProcess(env: Record<string, string>, startTimeoutMs = 90_000): Promise<ServerProcess> {
  const server = await spawnServerProcess(env);
  await waitForOutput(server, 'tradegraph is ready', startTimeoutMs);
  return server;
}

/** The log lines of a server process, parsed. */
export function logLines(server: ServerProcess): Array<Record<string, any>> {
  return server
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);
}
