import { defineConfig } from 'vitest/config';

// Tests that do not depend on which PostgreSQL the suite is given: unit tests,
// and those that run whole processes (`npm start`, a browser) or an embedded
// PostgreSQL of their own. CI's second pass (the suite against an external
// PostgreSQL, with TEST_ONCE_ONLY=skip) leaves them out instead of repeating them.
export const DATABASE_INDEPENDENT = [
  'test/startup.test.ts',
  'test/cluster.test.ts',
  'test/browser/**/*.test.ts',
  'test/fault/shutdown-deadline.test.ts',
  'test/fault/embedded-supervision.test.ts',
  'test/fault/database-outage.test.ts',
  'test/db/embedded-port.test.ts',
  'test/unit/**/*.test.ts',
  'test/scale/redis-harness.test.ts',
  'test/scale/scale-out.test.ts',
  'test/replicas/**/*.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads the
    // CommonJS one for Yoga and Pothos; Vite would hand our code the ESM one,
    // and two realms of graphql break instanceof checks. Use Node's choice.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.TEST_ONCE_ONLY === 'skip' ? DATABASE_INDEPENDENT : [])],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Each test file gets its own database, so files run in parallel safely.
    // Much of a file's time is spent waiting (on PostgreSQL, a child server, a
    // browser), so two workers keep two cores busy where Vitest's default is
    // one; three starved the fault tests' timing on a loaded machine.
    // TEST_MAX_WORKERS overrides it.
    pool: 'forks',
    maxWorkers: Number(process.env.TEST_MAX_WORKERS ?? 2),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
