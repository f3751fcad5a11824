// The kiosk screens. Built to dist/renderer with relative URLs so the same files load from the
// browser host (http://127.0.0.1) and from Electron's app:// scheme. Every asset — including
// zxing-wasm's .wasm — is bundled; nothing is fetched from a CDN at run time.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Keep the wasm a separate file (never inlined as base64) so the CSP can stay strict.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: { host: '127.0.0.1', strictPort: false },
});
