// Bundles the Electron main process and preload into CommonJS for Electron (`main` in package.json is
// dist/electron/main.cjs). Native and wasm-carrying packages stay external: electron-builder ships them
// from node_modules (unpacked from the asar where they must be read from disk).
// Usage: tsx electron/build/bundle-electron.ts
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = path.join(root, 'dist', 'electron');

export const EXTERNAL = [
  'electron',
  'better-sqlite3',
  'onnxruntime-node',
  'sharp',
  '@tensorflow/*',
  '@vladmandic/face-api',
  'pino',
  'thread-stream',
];

// ESM sources use import.meta.url to find files beside them; in the CJS bundle that is this file.
const banner = { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" };

export async function bundleElectron(): Promise<string[]> {
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning' as const,
    outExtension: { '.js': '.cjs' },
  };
  await build({
    ...common,
    entryPoints: { main: path.join(root, 'electron/main.ts') },
    outdir,
    external: EXTERNAL,
    banner,
    define: { 'import.meta.url': '__importMetaUrl' },
  });
  // Face inference and the sync agent run on worker threads; they are found through JEJAK_FACE_WORKER and
  // JEJAK_SYNC_WORKER (set by main.ts). ESM, because the face worker awaits at top level; CJS dependencies
  // get a real `require`.
  await build({
    ...common,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    entryPoints: { 'face-worker': path.join(root, 'models/engine/worker.ts'), 'sync-worker': path.join(root, 'electron/app/sync-thread-worker.ts') },
    outdir,
    external: EXTERNAL,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // The preload runs in the sandbox: only `electron` may be required, everything else is inlined.
  await build({ ...common, entryPoints: { preload: path.join(root, 'electron/preload.ts') }, outdir, external: ['electron'] });
  return ['main.cjs', 'preload.cjs', 'face-worker.mjs', 'sync-worker.mjs'].map((f) => path.join(outdir, f));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleElectron().then(
    (files) => console.log(`bundled: ${files.map((f) => path.relative(root, f)).join(', ')}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
