// Flat config, run from the repository root: tests/Lint/node_modules/.bin/eslint --config tests/Lint/eslint.config.js ImageApi/wwwroot/js
// The recommended rules for the gallery's browser modules, plus a few that catch what review keeps finding.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['ImageApi/wwwroot/js/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: globals.browser,
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
    },
  },
  {
    // Runs as a module worker: self, postMessage, no DOM.
    files: ['ImageApi/wwwroot/js/hash-worker.js'],
    languageOptions: { globals: globals.worker },
  },
];
