// The e2e suite serves the real renderer build; it is rebuilt when any renderer source is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../../helpers/fixtures';

export const rendererDir = path.join(repoRoot, 'dist', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'screenshots') newest = Math.max(newest, newestMtime(p));
    } else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export async function ensureRendererBuilt(): Promise<string> {
  const index = path.join(rendererDir, 'index.html');
  // the renderer bundles the contract and the pure sync/protocol modules it re-exports (vocabulary, WIB times)
  const sources = Math.max(newestMtime(path.join(repoRoot, 'renderer')), newestMtime(path.join(repoRoot, 'electron', 'contract')), newestMtime(path.join(repoRoot, 'sync', 'protocol')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  return rendererDir;
}
