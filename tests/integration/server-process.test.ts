// The server as its own process (sync/server/main.ts): says where it listens, serves, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'jejak-main-'));
const dataDir = path.join(tmp, 'city');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sync/server/main.ts', () => {
  it('starts on a free port, prints its URL as JSON, keeps secrets 0600 and exits cleanly on SIGTERM', async () => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'sync/server/main.ts'), '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', '--config', '{"retentionDays":30}'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (l) => l.includes('listening') && resolve(l));
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const { url, backend } = JSON.parse(line) as { url: string; backend: string };
    expect(backend).toBe('sqlite');
    const health = (await fetch(`${url}/v1/health`).then((r) => r.json())) as { status: string };
    expect(health.status).toBe('ok');
    expect(statSync(path.join(dataDir, 'city-keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'city.db')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const bad = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'sync/server/main.ts'), '--data-dir', dataDir, '--config', '{"retentionDayz":30}'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((r) => bad.once('exit', r))).toBe(1);
    expect(err).toContain('unknown setting retentionDayz');
  });
});
