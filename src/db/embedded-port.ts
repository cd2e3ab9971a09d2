// Where the embedded database listens. Its address is what psql lines and
// saved BI connections hold, so it never moves silently: a configured port is
// used or start-up stops, and the port a data folder's database was given is
// remembered in that folder (`<engine>.port`) and used again on every start.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.ts';

/** The port of the embedded database when nothing is configured or remembered (docs/operations.md's psql line). */
export const DEFAULT_EMBEDDED_PORT = 54329;

const VARIABLE = 'TRADEGRAPH_EMBEDDED_PORT';

/** The port the database must use is held by another program. */
export class PortTakenError extends Error {}

export interface PortChoice {
  dataDir: string;
  engine: 'postgres' | 'pglite';
  /** TRADEGRAPH_EMBEDDED_PORT: a port, 0 for any free port, or undefined when not set. */
  configured: number | undefined;
  defaultPort?: number;
  log: Logger;
}

const portFile = (dataDir: string, engine: string) => path.join(dataDir, `${engine}.port`);

/** The port this data folder's database listened on last, if any. */
export function rememberedPort(dataDir: string, engine: PortChoice['engine']): number | null {
  const file = portFile(dataDir, engine);
  if (!existsSync(file)) return null;
  const port = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
}

function remember(dataDir: string, engine: string, port: number): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(portFile(dataDir, engine), `${port}\n`);
}

/** Listens on 127.0.0.1:port for a moment; resolves with the port it got, or null when taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

/** Resolves a usable port: the preferred one if free, else any free one. */
export async function pickPort(preferred: number): Promise<number> {
  return (preferred > 0 && (await tryListen(preferred))) || (await tryListen(0))!;
}

/**
 * The port to start the embedded database on, remembered for the data folder:
 * - TRADEGRAPH_EMBEDDED_PORT=N: N, or a PortTakenError naming the variable;
 * - TRADEGRAPH_EMBEDDED_PORT=0: the remembered port, else any free one. When
 *   the remembered one is taken it moves (the variable asked for any port),
 *   with a warning that names both ports;
 * - not set: the remembered port, else DEFAULT_EMBEDDED_PORT, or a
 *   PortTakenError: the psql line of docs/operations.md and saved connections must reach
 *   this database or nothing, never another server on the same port.
 */
export async function resolveEmbeddedPort(choice: PortChoice): Promise<number> {
  const { dataDir, engine, configured, defaultPort = DEFAULT_EMBEDDED_PORT, log } = choice;
  const remembered = rememberedPort(dataDir, engine);
  const file = portFile(dataDir, engine);
  let port: number;
  if (configured) {
    if (!(await tryListen(configured))) {
      throw new PortTakenError(
        `${VARIABLE}=${configured}: port ${configured} on 127.0.0.1 is taken by another program. ` +
          `Stop that program, or set ${VARIABLE} to a free port (0: any free port, then kept for this data folder).`,
      );
    }
    port = configured;
  } else if (configured === 0) {
    port = (remembered && (await tryListen(remembered))) || (await pickPort(0));
    if (remembered && port !== remembered) {
      log.warn(
        { wanted: remembered, port },
        `the embedded database's port ${remembered} (kept in ${file}) is taken; it moves to port ${port}, ` +
          `kept from now on. Update saved connections, or set ${VARIABLE} to a fixed port.`,
      );
    }
  } else {
    const wanted = remembered ?? defaultPort;
    if (!(await tryListen(wanted))) {
      const which = remembered ? `the port this data folder's database has used (kept in ${file})` : 'the default port';
      throw new PortTakenError(
        `The embedded database cannot listen on port ${wanted}: port ${wanted} on 127.0.0.1 is taken by another program ` +
          `(another tradegraph, or a PostgreSQL server?). ${wanted} is ${which}. Stop that program, or set ${VARIABLE} ` +
          'to another port (0: any free port, then kept for this data folder), or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
    port = wanted;
  }
  if (port !== remembered) remember(dataDir, engine, port);
  return port;
}
