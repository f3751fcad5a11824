// Layers are folders; which layer may import which is a lint error, not a review comment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Who may import whom (relative imports are matched by the folders they name):
//   renderer      → electron/contract only
//   electron      → sync/protocol, sync/agent, models (only electron/app, the composition root, imports electron/kiosk)
//   sync/agent    → sync/protocol only (it reaches the kiosk store through its port, sync/agent/ports.ts)
//   sync/server   → sync/protocol, models
//   sync/protocol → nothing of ours
//   models        → nothing of ours but sync/protocol/gate-vocabulary (the Challenge list, pure)
//   nothing imports the renderer; nothing outside electron/ imports the kiosk.
// tests/unit/layer-lint.test.ts lints a bad import per rule through ESLint's API, so a rule cannot vanish.
const nodeOnlyIo = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'dgram', 'node:dgram',
  'worker_threads', 'node:worker_threads', 'os', 'node:os', 'path', 'node:path',
];

const NO_RENDERER = { group: ['**/renderer/**', '**/renderer'], message: 'Nothing imports the renderer.' };
const NO_KIOSK_AT_ALL = { group: ['**/electron/**'], message: 'Nothing outside electron/ imports the kiosk.' };

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
      'no-restricted-imports': ['error', { patterns: [NO_RENDERER] }],
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
    // The sync agent runs beside the kiosk (on its own thread) and talks to the city over HTTP. It needs only
    // the shared protocol; the kiosk store comes in through its port, never as an import.
    files: ['sync/agent/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'better-sqlite3', 'pg', 'fastify', 'react', 'react-dom', 'onnxruntime-node', 'sharp']
          .map((name) => ({ name, message: 'sync/agent imports only sync/protocol (the store comes in through sync/agent/ports.ts).' })),
        patterns: [
          NO_RENDERER,
          NO_KIOSK_AT_ALL,
          { group: ['**/server/**', '**/server', '**/models/**', '**/models'], message: 'sync/agent imports only sync/protocol.' },
        ],
      }],
    },
  },
  {
    // The city server: the shared protocol and the face engine (it re-derives templates from selfies).
    files: ['sync/server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The city server does not run in Electron.' }],
        patterns: [
          NO_RENDERER,
          NO_KIOSK_AT_ALL,
          { group: ['**/agent/**', '**/agent'], message: 'The city server does not import the kiosk\'s sync agent; it speaks /v1 (sync/protocol).' },
        ],
      }],
    },
  },
  {
    // Server log lines go through eventLogger() with a LOG_EVENTS name (sync/protocol/log-events.ts), not
    // pino's (fields, message) form, which would write a line no event filter finds.
    files: ['sync/server/**/*.ts'],
    ignores: ['sync/server/log.ts', 'sync/server/console/web/**', 'sync/server/residents/web/**'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name=/^(debug|info|warn|error|fatal)$/][arguments.0.type='ObjectExpression']",
        message: 'Log through eventLogger(logger).info(\'<LOG_EVENTS name>\', fields) (sync/server/log.ts).',
      }],
    },
  },
  {
    // The face engine stands alone: the kiosk and the server call it, it calls nothing of ours.
    files: ['models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'models/ does not run in Electron.' }],
        // one exception: the gate's shared words (Challenge), a pure zod module, so the engine's challenge is the policy's
        patterns: [NO_RENDERER, NO_KIOSK_AT_ALL, { regex: '(^|/)sync(/|$)(?!protocol/gate-vocabulary$)', message: 'models/ imports nothing of ours but sync/protocol/gate-vocabulary.' }],
      }],
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
          NO_RENDERER,
          { group: ['**/sync/server/**'], message: 'The kiosk does not import the city server.' },
        ],
      }],
    },
  },
  {
    // Below the gate service (store, hosts, IPC, shell): only the composition root (electron/app) wires the kiosk in.
    files: ['electron/**/*.ts'],
    ignores: ['electron/app/**', 'electron/kiosk/**', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          NO_RENDERER,
          { group: ['**/sync/server/**'], message: 'The kiosk does not import the city server.' },
          { group: ['**/kiosk/**', '**/kiosk'], message: 'Only the composition root (electron/app) imports the gate service (electron/kiosk).' },
        ],
      }],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeOnlyIo, 'electron', 'better-sqlite3'].map((name) => ({ name, message: 'The contract is shared with the renderer: zod and types only.' })),
        // the shared vocabulary (Bilingual, Outcome, Challenge, GateMode) and the WIB time format live once in sync/protocol's pure modules
        patterns: [
          NO_RENDERER,
          { regex: '^\\.\\./(?!\\.\\./sync/protocol/(bilingual|outcome|risk-status|wib-time|override-reasons|gate-vocabulary)$)', message: 'The contract imports only zod, plain types and sync/protocol\'s pure vocabulary (bilingual, outcome, risk-status, override-reasons, gate-vocabulary) and its WIB time words (wib-time).' },
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
