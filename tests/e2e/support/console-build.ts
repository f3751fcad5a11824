// The console e2e serves the real console build; rebuilt when any of its sources is newer.
import path from 'node:path';
import { repoRoot } from '../../helpers/fixtures';
import { ensureViteBuilt } from '../../helpers/vite-build';

const consoleDist = path.join(repoRoot, 'dist', 'console');

export async function ensureConsoleBuilt(): Promise<string> {
  await ensureViteBuilt(path.join(repoRoot, 'sync', 'server', 'console', 'web', 'vite.config.ts'), path.join(consoleDist, 'index.html'), [
    path.join(repoRoot, 'sync', 'server', 'console', 'web'),
    path.join(repoRoot, 'sync', 'protocol', 'console'),
  ]);
  return consoleDist;
}
