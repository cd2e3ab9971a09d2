// A real redis-server for tests, in a child process: no persistence
// (--save '' --appendonly no), on a free port of a range, stopped and started
// again on the same port to play an outage.
//
// API:
//   REDIS_SERVER_BINARY            the binary (TEST_REDIS_SERVER, else redis-server on PATH or /usr/bin), or null
//   startRedisServer(options?)     -> RedisServer, once it accepts connections
//     options.ports: [first, last] the range to pick a free port from
//                                  (TEST_REDIS_PORTS="6390-6399" by default)
//     options.args:  extra arguments (e.g. ['--maxmemory', '10mb'])
//   server.port, server.url        redis://127.0.0.1:<port>
//   server.stop()                  SIGTERM, resolves once it has exited (its data is gone)
//   server.start()                 starts it again on the same port, resolves once it accepts connections
//   server.pause() / resume()      SIGSTOP / SIGCONT: a Redis that holds connections but never answers
//   server.running()               whether the process is up
//   server.logs()                  what it printed
//   server.close()                 stop for good (afterAll)
// Tests that need it skip with a message where REDIS_SERVER_BINARY is null.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

function findBinary(): string | null {
  if (process.env.TEST_REDIS_SERVER) return process.env.TEST_REDIS_SERVER;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null;
  }
}

export const REDIS_SERVER_BINARY = findBinary();

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  running(): boolean;
  logs(): string;
  close(): Promise<void>;
}

export interface RedisServerOptions {
  ports?: [number, number];
  args?: string[];
}

function defaultPorts(): [number, number] {
  const [first, last] = (process.env.TEST_REDIS_PORTS ?? '6390-6399').split('-').map(Number);
  return [first!, last ?? first!];
}

/** Whether nothing listens on the port (a bind succeeds). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!REDIS_SERVER_BINARY) throw new Error('redis-server is not installed (set TEST_REDIS_SERVER)');
  const binary = REDIS_SERVER_BINARY;
  const [first, last] = options.ports ?? defaultPorts();
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', ...(options.args ?? [])];
      const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      // Only this run's output says it is ready (an earlier run's said so too).
      const from = output.length;
      child = proc;
      exited = new Promise((r) => proc.once('exit', () => r()));
      // A test worker that ends without close() (a timeout, a crash) leaves no redis-server behind.
      const reap = () => proc.kill('SIGKILL');
      process.once('exit', reap);
      proc.once('exit', () => process.off('exit', reap));
      const timer = setTimeout(() => fail(new Error(`redis-server did not start on ${port} within 10 s:\n${output}`)), 10_000);
      const onData = (d: Buffer) => {
        output += d;
        if (output.includes('Ready to accept connections', from)) done();
      };
      const done = () => {
        clearTimeout(timer);
        proc.stdout!.off('data', onData);
        proc.stdout!.on('data', (d: Buffer) => (output += d));
        resolve();
      };
      const fail = (err: Error) => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(err);
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => (output += d));
      proc.once('exit', (code) => fail(new Error(`redis-server exited (${code}) on port ${port}:\n${output}`)));
    });

  let port = 0;
  for (let candidate = first; candidate <= last && !port; candidate++) {
    if (!(await portFree(candidate))) continue;
    try {
      await launch(candidate);
      port = candidate;
    } catch {
      // Taken in between (another test file): try the next one.
    }
  }
  if (!port) throw new Error(`no free port for redis-server in ${first}-${last}`);

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!running()) return;
    child!.kill('SIGCONT');
    child!.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async start() {
      if (running()) return;
      // The port was ours a moment ago; retry briefly in case the kernel still holds it.
      for (let attempt = 0; ; attempt++) {
        try {
          return await launch(port);
        } catch (err) {
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    pause: () => void (running() && child!.kill('SIGSTOP')),
    resume: () => void (running() && child!.kill('SIGCONT')),
    running,
    logs: () => output,
    close: stop,
  };
}
