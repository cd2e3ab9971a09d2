// Lint: the recommended rules of ESLint and typescript-eslint; the type-aware
// rules that catch async mistakes (a promise nobody awaits, a promise where a
// callback's result is ignored); and the layering of docs/architecture.md as
// import rules, with import cycles refused.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What each layer may not import, by resolved path (eslint-plugin-import-x's no-restricted-paths). */
const LAYERS = [
  {
    target: './src/sql',
    from: ['./src/schema', './src/http', './src/explorer', './src/yoga.ts', './src/server.ts'],
    message: 'src/sql is the SQL layer: it imports nothing from the GraphQL layer (docs/architecture.md#layers).',
  },
  {
    target: './src/domain',
    from: ['./src/sql', './src/schema', './src/http', './src/db', './src/yoga.ts', './src/server.ts'],
    message: 'src/domain is plain domain code: no SQL, no GraphQL (docs/architecture.md#layers).',
  },
  {
    target: './src/schema',
    from: ['./src/db/database.ts', './src/db/pool.ts', './src/db/replicas.ts'],
    message: 'Resolvers read through ctx.pool and ctx.prisma, the source chosen for the request (src/http/read-source.ts), never a pool of their own.',
  },
  {
    target: './src',
    from: ['./tools', './bench', './scripts', './test'],
    message: 'src/ is the runtime tree: it never imports development tools, benchmarks, scripts or tests.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.data/', '.data-generated/', 'dist/', 'bench/node_modules/', 'public/build/', 'test-output/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  // Type-aware rules, only these two: the whole recommended-type-checked set would double the lint's time for style.
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Layering, on the TypeScript of every tree.
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    // Imports name their .ts files, so the default resolver finds them; the plugin parses them as TypeScript to follow them.
    settings: { 'import-x/extensions': ['.ts', '.js'], 'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
    },
  },
  // Cycles, where modules import one another (tests, scripts and benchmarks are leaves): a third of the time on the whole tree.
  { files: ['src/**/*.ts', 'tools/**/*.ts'], rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] } },
  {
    files: ['src/sql/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'graphql', message: 'src/sql imports nothing of GraphQL (docs/architecture.md#layers).' }],
          patterns: [{ group: ['graphql/*', '@pothos/*', 'graphql-yoga'], message: 'src/sql imports nothing of GraphQL (docs/architecture.md#layers).' }],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'graphql', message: 'src/domain is plain domain code (docs/architecture.md#layers).' }],
          patterns: [{ group: ['graphql/*', '@pothos/*', 'graphql-yoga', 'pg', '@prisma/*'], message: 'src/domain is plain domain code (docs/architecture.md#layers).' }],
        },
      ],
    },
  },
  // Reads go where the request's read source says (a replica, or the primary): Prisma's raw
  // queries and $primary() would send a read to the primary whatever was chosen. Inside a
  // transaction (`tx`) everything is on the primary anyway.
  {
    files: ['src/schema/**/*.ts', 'src/sql/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|primary)$/]:not([object.name='tx'])",
          message: 'A read outside a transaction goes through ctx.pool (src/sql/statement.ts) or ctx.prisma\'s model calls, so it reads from the request\'s source (src/http/read-source.ts).',
        },
      ],
    },
  },
  // The explorer page runs in the browser.
  { files: ['src/explorer/client/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
);
