// The city server's admin CLI run as an operator runs it (`npm run server -- …` is tsx sync/server/cli.ts),
// on a given data dir with SQLite; exit code, stdout and stderr come back, a non-zero exit is not thrown.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './fixtures';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

export type CliResult = { code: number; stdout: string; stderr: string };

export function adminCli(dataDir: string): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    try {
      const r = await run(tsx, [path.join(repoRoot, 'sync/server/cli.ts'), ...args], { cwd: repoRoot, env: { ...process.env, JEJAK_SERVER_DATA: dataDir, JEJAK_SERVER_PG_URL: '' }, timeout: 120_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
