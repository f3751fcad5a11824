// Several city server processes on one PostgreSQL: upkeep (partitions, purge) runs in one of them at a
// time, and a holder that dies (kill -9) frees the job for the others at once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../sync/server/store/postgres/postgres-store';
import { openCityStore } from '../../sync/server/server';
import type { ServerStore } from '../../sync/server/store/types';
import { repoRoot } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';

const pgUrl = postgresUrl();

describe.runIf(pgUrl)('exclusive jobs across server processes (PostgreSQL)', () => {
  const schema = `jejak_excl_${randomBytes(4).toString('hex')}`;
  let a: ServerStore, b: ServerStore, other: ServerStore;
  let dataDir: string;
  const otherSchema = `${schema}_b`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-excl-'));
    a = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema });
    b = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema });
    other = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: otherSchema });
  });
  afterAll(async () => {
    await (a as PostgresStore).pool.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${otherSchema} CASCADE`);
    await Promise.all([a.close(), b.close(), other.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second process skips the job while the first runs it; another city on the same database does not', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = a.exclusive('maintenance', async () => {
      await held;
      return 'a';
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await b.exclusive('maintenance', async () => 'b')).toEqual({ ran: false });
    expect(await other.exclusive('maintenance', async () => 'other city')).toEqual({ ran: true, value: 'other city' });
    release();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await b.exclusive('maintenance', async () => 'b')).toEqual({ ran: true, value: 'b' });
  });

  it('a job whose process was killed -9 while holding it runs in the next process at once', async () => {
    const script = `
      import { openCityStore } from ${JSON.stringify(path.join(repoRoot, 'sync/server/server.ts'))};
      const s = await openCityStore({ dataDir: ${JSON.stringify(dataDir)}, pgUrl: ${JSON.stringify(pgUrl)}, pgSchema: ${JSON.stringify(schema)} });
      await s.exclusive('maintenance', async () => { process.stdout.write('holding\\n'); await new Promise(() => {}); });`;
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    expect(await b.exclusive('maintenance', async () => 'b')).toEqual({ ran: false });
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // PostgreSQL notices the dead session when its socket closes; allow it a moment.
    let result: { ran: boolean } = { ran: false };
    for (let i = 0; i < 50 && !result.ran; i++) {
      result = await b.exclusive('maintenance', async () => 'b');
      if (!result.ran) await new Promise((r) => setTimeout(r, 100));
    }
    expect(result).toEqual({ ran: true, value: 'b' });
  });
});
