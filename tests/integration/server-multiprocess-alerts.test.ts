// A Dinkes console connected to one city server process sees the priority alert a kiosk uploaded to
// another process on the same PostgreSQL (issue 14: live pushes across processes, LISTEN/NOTIFY). Two
// real `sync/server/main.ts` processes; their safety poll is set to 10 minutes, so an alert that arrives
// within seconds came by the notification. The listener's connection is then killed in the database
// (pg_terminate_backend) and the next alert must still arrive.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { ConsoleAccounts } from '../../sync/server/console/accounts';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { openCity, openCityStore } from '../../sync/server/server';
import { consoleLogin } from '../helpers/console';
import { repoRoot } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';

const pgUrl = postgresUrl();
const schema = `jejak_t_mpa_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-mpa-'));
const procs: ChildProcess[] = [];
const serverPids: number[] = [];
const password = 'kata sandi uji 2026';
let venueId = '';
let gateId = '';
let code = '';

interface Proc { url: string; lines: Array<Record<string, unknown>> }

async function startProcess(): Promise<Proc> {
  const config = JSON.stringify({ alertSafetyPollMs: 600_000, maintenanceIntervalMs: 0 });
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'sync/server/main.ts'), '--port', '0', '--log-level', 'info', '--data-dir', dataDir, '--pg-url', pgUrl!, '--pg-schema', schema, '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  procs.push(child);
  const lines: Proc['lines'] = [];
  const rl = createInterface({ input: child.stdout! });
  return new Promise<Proc>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`server exited with ${c}`)));
    rl.on('line', (line) => {
      const l = JSON.parse(line) as Record<string, unknown>;
      if (l['event'] !== 'listening') {
        lines.push(l);
        return;
      }
      serverPids.push(l['pid'] as number);
      resolve({ url: l['url'] as string, lines });
    });
  });
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null | undefined> | T | null | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!pgUrl)('console alerts across two server processes on one PostgreSQL', () => {
  let a: Proc;
  let b: Proc;
  let db: pg.Client;
  const listenerPids = async (): Promise<number[]> =>
    (await db.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'", [`jejak-city:${schema}:alerts`])).rows.map((r: { pid: number }) => r.pid);

  beforeAll(async () => {
    const store = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema });
    try {
      const city = openCity({ dataDir, pgUrl: pgUrl!, pgSchema: schema, config: { consoleScryptN: 1024 } }, store);
      venueId = (await city.admin.createVenue({ name: 'Botani Square', address: 'Jl. Raya Pajajaran', capacity: 500, region: '3271' })).id;
      gateId = (await city.admin.createGate({ venueId, name: 'Pintu Utama' })).id;
      code = (await city.admin.createEnrolmentCode(gateId)).code;
      const accounts = new ConsoleAccounts(store, city.clock, city.config, city.keys.dataKey);
      await accounts.ensureDefaults(city.keys.adminToken);
      await accounts.createUser({ username: 'dinkes', displayName: 'Dinkes', role: 'health', agencyId: 'dinkes', password }, CLI_ACTOR);
    } finally {
      await store.close();
    }
    [a, b] = await Promise.all([startProcess(), startProcess()]);
    db = new pg.Client({ connectionString: pgUrl! });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    for (const pid of serverPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const p of procs) p.kill('SIGKILL');
    if (db) {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a kiosk's DENY alert uploaded to process A reaches the console streaming from process B, also after B's listener connection was killed", async () => {
    const h = await consoleLogin(b.url, 'dinkes', password);
    const abort = new AbortController();
    const stream = await fetch(`${b.url}/v1/console/alerts/stream`, { headers: { cookie: h.cookie }, signal: abort.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = '';
    const arrives = async (id: string) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`alert ${id} did not reach process B`)), 10_000));
      while (!text.includes(id)) text += new TextDecoder().decode((await Promise.race([reader.read(), timeout])).value);
    };
    const kiosk = new DeviceClient(a.url, await enrolDevice(a.url, code, 'gate-a'));
    const upload = async () => {
      const id = randomUUID();
      const nikHash = randomBytes(32).toString('hex');
      const up = await kiosk.call('alerts', { body: { alerts: [{ id, visitId: randomUUID(), venueId, gateId, occurredAt: new Date().toISOString(), nikHash, riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 1 }] } });
      expect(up.body).toMatchObject({ results: [{ id, status: 'accepted' }] });
      return { id, nikHash };
    };

    try {
      // Only B has a console stream open, so only B listens: one dedicated connection.
      const [first] = await until('B to LISTEN', 15_000, async () => ((await listenerPids()).length === 1 ? await listenerPids() : null));
      const one = await upload();
      await arrives(one.id);
      const event = JSON.parse(new RegExp(`event: alert\\nid: ${one.id}\\ndata: (.+)\\n`).exec(text)![1]!) as Record<string, unknown>;
      expect(event).toMatchObject({ id: one.id, venueName: 'Botani Square', gateId, riskStatus: 'CONFIRMED' });
      expect(text).not.toContain(one.nikHash);

      // The database drops the listener's connection: B logs it, reconnects, and the next alert still arrives.
      await db.query('SELECT pg_terminate_backend($1)', [first]);
      await until('B to LISTEN again', 15_000, async () => {
        const now = await listenerPids();
        return now.length === 1 && now[0] !== first ? now : null;
      });
      const two = await upload();
      await arrives(two.id);
      expect(text).not.toContain(two.nikHash);
      const events = b.lines.map((l) => l['event']);
      expect(events.filter((e) => e === 'server.alert_listener_ready').length).toBeGreaterThanOrEqual(2);
      expect(b.lines.find((l) => l['event'] === 'server.alert_listener_lost')).toMatchObject({ channel: 'jejak_alerts', code: expect.any(String), retryInMs: expect.any(Number) });
      // A opened no console stream, so it holds no listener connection.
      expect(a.lines.some((l) => l['event'] === 'server.alert_listener_ready')).toBe(false);
      expect(JSON.stringify([...a.lines, ...b.lines])).not.toContain(one.nikHash);
    } finally {
      abort.abort();
    }
  }, 90_000);
});
