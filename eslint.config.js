// Lint: the recommended rules of ESLint and typescript-eslint, plus a few that
// catch real mistakes in async server code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.data/', '.data-generated/', 'dist/', 'bench/node_modules/', 'public/build/', 'test-output/'] },
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
  // The explorer page runs in the browser.
  { files: ['src/explorer/client/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
);
