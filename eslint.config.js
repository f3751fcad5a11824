// Layers are folders; which layer may import which is a lint error, not a review comment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnlyIo = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'dgram', 'node:dgram',
  'worker_threads', 'node:worker_threads', 'os', 'node:os', 'path', 'node:path',
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'tests/artifacts/**', 'models/weights/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**', '**/renderer'], message: 'Nothing imports the renderer.' }],
      }],
    },
  },
  {
    // The renderer is untrusted UI: no Node, no SQL, no secrets. It speaks only through the kiosk API contract.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeOnlyIo, 'electron', 'better-sqlite3', 'pg', 'axios', 'fastify', 'onnxruntime-node', 'sharp', 'crypto', 'node:crypto']
          .map((name) => ({ name, message: 'The renderer talks only through the kiosk API contract.' })),
        patterns: [
          { group: ['**/electron/**', '!**/electron/contract/**', '!**/electron/contract'], message: 'Renderer may import only electron/contract.' },
          { group: ['**/sync/**', '**/models/**'], message: 'Renderer may import only the kiosk API contract and plain types.' },
        ],
      }],
    },
  },
  {
    // Pure rules shared with the city server: no Electron, no DOM, no I/O (node:crypto is computation, allowed).
    files: ['sync/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeOnlyIo, 'electron', 'better-sqlite3', 'pg', 'axios', 'fastify', 'react', 'react-dom', 'pino']
          .map((name) => ({ name, message: 'sync/protocol is pure: no Electron, DOM or I/O.' })),
        patterns: [{ group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/agent/**', '**/models/**'], message: 'sync/protocol depends on nothing of ours.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'fetch', 'localStorage'],
    },
  },
  {
    // Main process: no DOM.
    files: ['electron/**/*.ts'],
    ignores: ['electron/preload.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage'],
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/renderer/**', '**/renderer'], message: 'Nothing imports the renderer.' },
          { group: ['**/sync/server/**'], message: 'The kiosk does not import the city server.' },
        ],
      }],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeOnlyIo, 'electron', 'better-sqlite3'].map((name) => ({ name, message: 'The contract is shared with the renderer: zod and types only.' })),
        // the shared vocabulary (Bilingual, Outcome) lives once in sync/protocol's pure modules
        patterns: [
          { group: ['**/renderer/**'], message: 'Nothing imports the renderer.' },
          { regex: '^\\.\\./(?!\\.\\./sync/protocol/(bilingual|outcome|risk-status)$)', message: 'The contract imports only zod, plain types and sync/protocol\'s pure vocabulary (bilingual, outcome, risk-status).' },
        ],
      }],
    },
  },
  {
    // The renderer's pure helpers are unit-tested in Node; only these test files may import renderer code.
    files: ['tests/unit/renderer-*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'models/**/*.ts', 'sync/**/*.ts', 'electron/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
