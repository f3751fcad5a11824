// Tests that serve a Vite-built page (the console, the residents' pages) use the real build; it is
// rebuilt when any of its sources is newer than the built page, so a test never serves stale pages.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

/** Builds `configFile` unless `builtPage` is newer than every file under `sourceDirs`. */
export async function ensureViteBuilt(configFile: string, builtPage: string, sourceDirs: readonly string[]): Promise<void> {
  const sources = Math.max(...sourceDirs.map(newest));
  if (!existsSync(builtPage) || statSync(builtPage).mtimeMs < sources) await build({ configFile, logLevel: 'warn' });
}
