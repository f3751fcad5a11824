// `create-user` as an operator runs it for the first city admin: a generated password printed once,
// which then logs in to the console of a server on the same data dir; a second account of the same
// name is refused with the reason in both languages.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCli } from '../helpers/admin-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { startCityServer } from '../../sync/server/server';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-console-cli-'));

const cli = adminCli(dataDir);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('create-user', () => {
  it('creates the first city admin with a password shown once that logs in', async () => {
    const made = await cli('create-user', '--username', 'Rina', '--name', 'Rina Diskominfo');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('account created: rina  (City admin (Diskominfo), diskominfo)');
    const password = /password \(shown once; keep it safe\): (\S+)/.exec(made.stdout)![1]!;
    const again = await cli('create-user', '--username', 'rina', '--name', 'Rina Lagi');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username_taken: Nama pengguna sudah dipakai / This username is already taken');
    expect(again.stdout).toBe('');

    const city = await startCityServer({ dataDir, logLevel: 'silent', config: { maintenanceIntervalMs: 0 } });
    try {
      const login = await fetch(`${city.url}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rina', password }) });
      expect(login.status).toBe(200);
      const audit = await city.store.listAudit({ limit: 10 });
      expect(audit.map((e) => [e.actorKind, e.action])).toEqual([['cli', 'user.create'], ['user', 'login.ok']]);
      expect(JSON.stringify(audit)).not.toContain(password);
    } finally {
      await city.close();
    }
  });
});
