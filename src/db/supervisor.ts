// Keeps the embedded PostgreSQL running: when its process exits without being
// asked to, it is started again after a capped, doubling delay, each restart
// logged and counted. Restarts that keep failing end in giving up, which the
// server answers by stopping (see src/server.ts), so that whatever runs it
// (systemd, Docker, Kubernetes, or a person at a terminal) sees the failure.
import type { Logger } from '../logger.ts';
import { type DatabaseProcess, describeExit, type ExitInfo } from './postmaster.ts';

/** Delay before restart attempt n: 250 ms, doubling, at most 8 s (0.25 + 0.5 + ... + 8 + 8 = 32 s for 8 attempts). */
export const RESTART_BACKOFF = { firstMs: 250, maxMs: 8_000 } as const;
/** Failed restarts in a row before giving up (TRADEGRAPH_EMBEDDED_RESTART_ATTEMPTS): with the backoff, about 32 s, longer than a statement may run on the dead server's backends. */
export const DEFAULT_RESTART_ATTEMPTS = 8;
/** A run at least this long counts as recovered: attempts are counted from 1 again at the next exit. */
export const STABLE_RUN_MS = 30_000;

export type DatabaseState = 'running' | 'restarting' | 'failed' | 'stopping' | 'stopped';

/** What /ready shows about an embedded database. */
export interface EmbeddedStatus {
  engine: 'postgres' | 'pglite';
  state: DatabaseState;
  /** Whether this process restarts the database when it dies. */
  supervised: boolean;
  /** Times it was brought back after dying. */
  restarts: number;
  /** The restart attempt under way (restarting) or the last one made (failed). */
  attempt?: number;
  lastExit?: { at: string; code: number | null; signal: string | null };
}

export interface SupervisorOptions {
  /** Starts the database again; rejects when it cannot. `signal` aborts a start under way. */
  restart(signal: AbortSignal): Promise<DatabaseProcess>;
  /** Failed restarts in a row before giving up (0: never restart). */
  maxAttempts: number;
  log: Logger;
  /** Called once, after giving up. */
  onGiveUp(error: Error): void;
}

export const restartDelayMs = (attempt: number) =>
  Math.min(RESTART_BACKOFF.maxMs, RESTART_BACKOFF.firstMs * 2 ** Math.max(0, attempt - 1));

export class Supervisor {
  #options: SupervisorOptions;
  #current: DatabaseProcess | null = null;
  #runningSince = 0;
  #state: DatabaseState = 'running';
  #restarts = 0;
  #attempt = 0;
  #lastExit?: EmbeddedStatus['lastExit'];
  #timer?: NodeJS.Timeout;
  #restarting?: Promise<void>;
  #abort = new AbortController();
  #stopped?: Promise<void>;
  // If Node.js exits without stop() (the shutdown deadline, an uncaught error),
  // PostgreSQL still gets its fast shutdown request: it runs detached.
  #onProcessExit = () => {
    this.#abort.abort();
    this.#current?.kill('SIGINT');
  };

  constructor(first: DatabaseProcess, options: SupervisorOptions) {
    this.#options = options;
    this.#watch(first);
    process.once('exit', this.#onProcessExit);
  }

  get pid(): number | undefined {
    return this.#current?.pid;
  }

  status(): Omit<EmbeddedStatus, 'engine'> {
    return {
      state: this.#state,
      supervised: true,
      restarts: this.#restarts,
      ...(this.#state === 'restarting' || this.#state === 'failed' ? { attempt: this.#attempt } : {}),
      ...(this.#lastExit ? { lastExit: this.#lastExit } : {}),
    };
  }

  /** Stops the database (and any restart under way); resolves once it has exited or `withinMs` has passed. */
  stop(withinMs?: number): Promise<void> {
    this.#stopped ??= (async () => {
      const until = withinMs === undefined ? undefined : Date.now() + withinMs;
      if (this.#state !== 'failed') this.#state = 'stopping';
      clearTimeout(this.#timer);
      this.#abort.abort();
      await this.#restarting;
      const current = this.#current;
      this.#current = null;
      await current?.stop(until === undefined ? undefined : Math.max(0, until - Date.now()));
      if (this.#state !== 'failed') this.#state = 'stopped';
      process.removeListener('exit', this.#onProcessExit);
    })();
    return this.#stopped;
  }

  #watch(database: DatabaseProcess) {
    this.#current = database;
    this.#runningSince = Date.now();
    void database.exited.then((exit) => this.#exited(database, exit));
  }

  #exited(database: DatabaseProcess, exit: ExitInfo) {
    if (database !== this.#current || this.#stopped) return;
    this.#current = null;
    this.#lastExit = { at: new Date().toISOString(), code: exit.code, signal: exit.signal };
    if (Date.now() - this.#runningSince >= STABLE_RUN_MS) this.#attempt = 0;
    this.#options.log.error(
      { pid: database.pid, code: exit.code, signal: exit.signal, output: database.output() },
      `embedded PostgreSQL exited unexpectedly (${describeExit(exit)}); restarting it`,
    );
    this.#next(new Error(`it exited (${describeExit(exit)})`));
  }

  /** Schedules the next restart attempt, or gives up. */
  #next(lastError: Error) {
    const { maxAttempts, log, onGiveUp } = this.#options;
    if (this.#attempt >= maxAttempts) {
      this.#state = 'failed';
      log.fatal(
        { attempts: this.#attempt, err: lastError },
        `embedded PostgreSQL could not be restarted (${this.#attempt} attempts in a row failed); ` +
          'tradegraph stops so that whatever runs it can start it again',
      );
      onGiveUp(lastError);
      return;
    }
    this.#state = 'restarting';
    this.#attempt += 1;
    const attempt = this.#attempt;
    const delayMs = restartDelayMs(attempt);
    log.info({ attempt, maxAttempts, delayMs }, `restarting embedded PostgreSQL in ${delayMs} ms (attempt ${attempt} of ${maxAttempts})`);
    this.#timer = setTimeout(() => {
      this.#restarting = this.#restart(attempt).finally(() => (this.#restarting = undefined));
    }, delayMs);
  }

  async #restart(attempt: number) {
    const started = Date.now();
    let database: DatabaseProcess;
    try {
      database = await this.#options.restart(this.#abort.signal);
    } catch (err) {
      if (this.#stopped) return;
      this.#options.log.warn({ attempt, err }, 'embedded PostgreSQL restart failed');
      this.#next(err as Error);
      return;
    }
    if (this.#stopped) {
      await database.stop();
      return;
    }
    this.#restarts += 1;
    this.#state = 'running';
    this.#watch(database);
    this.#options.log.info(
      { restarts: this.#restarts, attempt, pid: database.pid, ms: Date.now() - started },
      `embedded PostgreSQL restarted (restart ${this.#restarts})`,
    );
  }
}
