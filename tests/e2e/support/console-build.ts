// The console e2e serves the real console build; rebuilt when any of its sources is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../../helpers/fixtures';

const consoleDist = path.join(repoRoot, 'dist', 'console');

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

export async function ensureConsoleBuilt(): Promise<string> {
  const index = path.join(consoleDist, 'index.html');
  const sources = Math.max(newest(path.join(repoRoot, 'sync', 'server', 'console', 'web')), newest(path.join(repoRoot, 'sync', 'protocol', 'console')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) await build({ configFile: path.join(repoRoot, 'sync', 'server', 'console', 'web', 'vite.config.ts'), logLevel: 'warn' });
  return consoleDist;
}
