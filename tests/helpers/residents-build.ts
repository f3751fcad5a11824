// Tests that serve /daftar/ and /saya/ use the real Vite build; rebuilt when any of its sources is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from './fixtures';

export const residentsDist = path.join(repoRoot, 'dist', 'residents');

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

export async function ensureResidentsBuilt(): Promise<string> {
  const index = path.join(residentsDist, 'saya', 'index.html');
  // the pages bundle the shared NIK rules and the residents' API types from sync/protocol
  const sources = Math.max(newest(path.join(repoRoot, 'sync', 'server', 'residents', 'web')), newest(path.join(repoRoot, 'sync', 'protocol')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) await build({ configFile: path.join(repoRoot, 'sync', 'server', 'residents', 'web', 'vite.config.ts'), logLevel: 'warn' });
  return residentsDist;
}
