// Test fixtures (real LFW photos, real face videos) live outside the repo in ../shared/fixtures or
// $JEJAK_FIXTURES. Where they are absent a test must fail under CI=true and skip with a printed reason elsewhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function fixturesDir(): string | null {
  const candidates = [process.env.JEJAK_FIXTURES, path.resolve(repoRoot, '../shared/fixtures')].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  return candidates.find((p) => existsSync(path.join(p, 'faces', 'pairs.tsv'))) ?? null;
}

/**
 * Returns the fixtures folder, or null after printing why the caller should skip.
 * Under CI=true a missing fixtures folder is an error, never a silent skip.
 */
export function requireFixtures(what: string): string | null {
  const dir = fixturesDir();
  if (dir) return dir;
  const reason = `face/video fixtures not found (looked in $JEJAK_FIXTURES and ../shared/fixtures); ${what} needs them`;
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`SKIP: ${reason}`);
  return null;
}

export { repoRoot };
