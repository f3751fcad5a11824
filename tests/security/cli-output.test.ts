// Terminal escape injection (issue 10 item 8) and the admin CLI's PostgreSQL schema (item 7).
// Device-supplied text is restricted at the schema; whatever reaches the CLI anyway (an operator's venue
// name, an older row) is printed with its control characters made visible, never interpreted.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';
import { safeLines, safeText } from '../../sync/server/cli-text';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import type { ErrorBody } from '../../sync/protocol/api/common';

const run = promisify(execFile);
const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const ESC = '\u001b';

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(tsx, [path.join(repoRoot, 'sync/server/cli.ts'), ...args], { cwd: repoRoot, env: { ...process.env, JEJAK_SERVER_PG_URL: '', JEJAK_SERVER_PG_SCHEMA: '', ...env }, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('safeText', () => {
  it('shows ANSI escapes, CR/LF, NUL, DEL, C1 and bidi overrides as \\uNNNN and leaves other text alone', () => {
    expect(safeText(`1.0${ESC}[2J${ESC}]0;pwned\u0007\rOK\nfake line\u0000\u007f\u009b\u202eabc`)).toBe(
      '1.0\\u001b[2J\\u001b]0;pwned\\u0007\\u000dOK\\u000afake line\\u0000\\u007f\\u009b\\u202eabc',
    );
    expect(safeText('Pasar Bogor — Jl. Suryakencana, 400 orang')).toBe('Pasar Bogor — Jl. Suryakencana, 400 orang');
    // JSON stays JSON; CSV keeps its CRLF line breaks.
    const json = JSON.stringify({ name: `a\u202eb\u0085` });
    expect(safeLines(json)).toBe('{"name":"a\\u202eb\\u0085"}');
    expect(JSON.parse(safeLines(json))).toEqual({ name: 'a\u202eb\u0085' });
    expect(safeLines('"a","b"\r\n"c\u001b","d"\r\n')).toBe('"a","b"\r\n"c\\u001b","d"\r\n');
  });
});

describe.each(backends)('device text and the admin CLI on %s', (backend) => {
  let s: TestCityServer;
  let client: DeviceClient;
  let deviceId: string;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined });
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    deviceId = dev.deviceId;
    client = new DeviceClient(s.url, dev);
  });
  afterAll(async () => {
    await s?.destroy();
  });

  it('refuses a heartbeat whose appVersion carries terminal escapes (400, nothing stored)', async () => {
    const now = new Date().toISOString();
    const hb = { appVersion: `1.0${ESC}[2J${ESC}[31mHACKED`, queueDepth: 0, deadLetterCount: 0, riskListVersion: null, riskListAgeSeconds: null, lastSyncAt: null, clockOffsetMs: 0, deviceTime: now };
    const r = await client.request('POST', '/v1/heartbeat', hb);
    expect(r.status).toBe(400);
    expect((r.body as ErrorBody).error).toMatchObject({ code: 'invalid_body', details: expect.arrayContaining([expect.objectContaining({ path: 'appVersion' })]) });
    const dev = (await s.store.listDevices()).find((d) => d.id === deviceId)!;
    expect(dev.heartbeat).toBeNull();
    expect((await client.request('POST', '/v1/heartbeat', { ...hb, appVersion: '1.4.0-rc.1+b12' })).status).toBe(200);
    // A device name with a CR (line forging) is refused at enrolment.
    const enrol = await fetch(`${s.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await s.newEnrolmentCode(), publicKey: 'A'.repeat(43), deviceName: 'kiosk\rok  ' }) });
    expect(enrol.status).toBe(400);
  });

  it('prints fleet and venues with control characters escaped, in the server\'s own PostgreSQL schema', async () => {
    await s.admin.createVenue({ id: 'evil-venue', name: `Evil${ESC}[2J${ESC}]0;title\u0007\rnext`, address: 'x', capacity: 1 });
    const env: Record<string, string> = backend === 'postgres'
      ? { JEJAK_SERVER_DATA: s.dataDir, JEJAK_SERVER_PG_URL: pg!, JEJAK_SERVER_PG_SCHEMA: (s.store as unknown as { schema: string }).schema }
      : { JEJAK_SERVER_DATA: s.dataDir };
    const venues = await cli(env, 'venues');
    expect(venues.code).toBe(0);
    // The test server's venue is in its schema, not in `public` (item 7).
    expect(venues.stdout).toContain('Botani Square');
    expect(venues.stdout).toContain('Evil\\u001b[2J\\u001b]0;title\\u0007\\u000dnext');
    expect(venues.stdout).not.toContain(ESC);
    expect(venues.stdout).not.toContain('\r');
    const fleet = await cli(env, 'fleet');
    expect(fleet.code).toBe(0);
    expect(fleet.stdout).toContain(deviceId);
    expect(fleet.stdout).toContain('app 1.4.0-rc.1+b12');
    const bad = await cli(env, 'create-gate', '--venue', `nope${ESC}[2J`, '--name', 'x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nope\\u001b[2J');
    expect(bad.stderr).not.toContain(ESC);
  });
});
