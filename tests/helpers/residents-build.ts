// Tests that serve /daftar/ and /saya/ use the real Vite build; rebuilt when any of its sources is newer.
import path from 'node:path';
import { repoRoot } from './fixtures';
import { ensureViteBuilt } from './vite-build';

export const residentsDist = path.join(repoRoot, 'dist', 'residents');

export async function ensureResidentsBuilt(): Promise<string> {
  // the pages bundle the shared NIK rules and the residents' API types from sync/protocol
  await ensureViteBuilt(path.join(repoRoot, 'sync', 'server', 'residents', 'web', 'vite.config.ts'), path.join(residentsDist, 'saya', 'index.html'), [
    path.join(repoRoot, 'sync', 'server', 'residents', 'web'),
    path.join(repoRoot, 'sync', 'protocol'),
  ]);
  return residentsDist;
}
