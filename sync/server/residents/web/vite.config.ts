// The residents' pages /daftar/ and /saya/: one Vite build with two pages, to dist/residents, served by
// the city server (residents/pages.ts) with a strict CSP: every asset is a file of the build, nothing
// inline, nothing from another origin.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/residents/',
  plugins: [react()],
  build: {
    outDir: here('../../../../dist/residents'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: { input: { daftar: here('daftar/index.html'), saya: here('saya/index.html') } },
  },
});
