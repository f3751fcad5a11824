// Several city server processes on one PostgreSQL schema (issue 14): what must happen once happens once,
// whichever process is asked. Two real `sync/server/main.ts` processes share the schema and the keys; the
// tests ask both at the same moment and check what a kiosk or an operator would see.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visit } from '../../sync/protocol/api/visits';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { openCity, openCityStore } from '../../sync/server/server';
import { repoRoot } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';

const pgUrl = postgresUrl();
const schema = `jejak_t_mp_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-mp-'));
const procs: ChildProcess[] = [];
/** tsx runs the server in a child of its own: the listening line carries the server's pid, killed at the end. */
const serverPids: number[] = [];
const urls: string[] = [];
const freshSchema = `jejak_t_mpf_${randomBytes(4).toString('hex')}`;
const freshDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'jejak-mpf-')), 'data');
let venueId = '';
let gateId = '';

async function startProcess(dir = dataDir, inSchema = schema): Promise<string> {
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'sync/server/main.ts'), '--port', '0', '--log-level', 'warn', '--data-dir', dir, '--pg-url', pgUrl!, '--pg-schema', inSchema], { stdio: ['ignore', 'pipe', 'inherit'] });
  procs.push(child);
  const rl = createInterface({ input: child.stdout! });
  return new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    rl.on('line', (line) => {
      if (!line.includes('"listening"')) return;
      const l = JSON.parse(line) as { url: string; pid: number };
      serverPids.push(l.pid);
      resolve(l.url);
    });
  });
}

async function codes(n: number): Promise<string[]> {
  const store = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema });
  try {
    const city = openCity({ dataDir, pgUrl: pgUrl!, pgSchema: schema }, store);
    return await Promise.all(Array.from({ length: n }, async () => (await city.admin.createEnrolmentCode(gateId)).code));
  } finally {
    await store.close();
  }
}

const visit = (nikHash: string): Visit => {
  const t = new Date().toISOString();
  return { id: uuidv7(), venueId, gateId, occurredAt: t, deviceTime: t, clockOffsetMs: 0, clockSuspect: false, identity: 'QR', nikHash, outcome: 'ADMIT', reason: 'OK', override: null, faceDistance: 0.3, livenessScore: 0.95, riskListVersion: 1, checkedOutAt: null };
};

describe.skipIf(!pgUrl)('two server processes on one PostgreSQL schema', () => {
  beforeAll(async () => {
    // The schema, keys and a venue exist before the processes start (as an operator's setup would leave them).
    const store = await openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema });
    try {
      const city = openCity({ dataDir, pgUrl: pgUrl!, pgSchema: schema }, store);
      const venue = await city.admin.createVenue({ name: 'Botani Square', address: 'Jl. Raya Pajajaran', capacity: 500, region: '3271' });
      venueId = venue.id;
      gateId = (await city.admin.createGate({ venueId, name: 'Pintu Utama' })).id;
    } finally {
      await store.close();
    }
    urls.push(...(await Promise.all([startProcess(), startProcess()])));
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
    if (pgUrl) {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${freshSchema} CASCADE`);
      await c.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(freshDir, { recursive: true, force: true });
  });

  it('two processes started at the same moment on a new schema and a new data dir both come up, with one set of keys', async () => {
    // Before the fix one of them died on CREATE SCHEMA (unique violation), and each could write its own keys.
    const [a, b] = await Promise.all([startProcess(freshDir, freshSchema), startProcess(freshDir, freshSchema)]);
    for (const url of [a!, b!]) expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    const store = await openCityStore({ dataDir: freshDir, pgUrl: pgUrl!, pgSchema: freshSchema });
    let codesFresh: string[];
    try {
      const city = openCity({ dataDir: freshDir, pgUrl: pgUrl!, pgSchema: freshSchema }, store);
      const venue = await city.admin.createVenue({ name: 'Pasar Bogor', address: 'Jl. Suryakencana', capacity: 400, region: '3271' });
      const gate = await city.admin.createGate({ venueId: venue.id, name: 'Pintu Utama' });
      codesFresh = [(await city.admin.createEnrolmentCode(gate.id)).code, (await city.admin.createEnrolmentCode(gate.id)).code];
    } finally {
      await store.close();
    }
    const enrol = async (url: string, code: string) => {
      const keys = generateEd25519KeyPair();
      const r = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKey, deviceName: 'gate-tablet' }) });
      return (await r.json()) as { cityKeys: unknown; nikHashKey: string };
    };
    const [ea, eb] = [await enrol(a!, codesFresh[0]!), await enrol(b!, codesFresh[1]!)];
    expect(ea.nikHashKey).toBe(eb.nikHashKey);
    expect(ea.cityKeys).toEqual(eb.cityKeys);
  }, 120_000);

  it('one enrolment code asked of both processes at once enrols exactly one device', async () => {
    for (const code of await codes(5)) {
      const answers = await Promise.all(urls.map(async (url) => {
        const keys = generateEd25519KeyPair();
        const r = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKey, deviceName: 'gate-tablet' }) });
        return { status: r.status, body: (await r.json()) as { reason?: string; code?: string } };
      }));
      expect(answers.filter((a) => a.status === 200 || a.status === 201)).toHaveLength(1);
      const refused = answers.find((a) => a.status >= 400)!;
      expect(refused.status).toBeLessThan(500);
      expect(JSON.stringify(refused.body)).toContain('enrol_code_used');
    }
  });

  it('a signed request replayed to the other process is refused as a replay', async () => {
    const [code] = await codes(1);
    const identity = await enrolDevice(urls[0]!, code!, 'replay-kiosk');
    const a = new DeviceClient(urls[0]!, identity);
    const b = new DeviceClient(urls[1]!, identity);
    const body = JSON.stringify({ visits: [visit(randomBytes(32).toString('hex'))] });
    const headers = a.sign('POST', '/v1/visits', body);
    expect((await a.request('POST', '/v1/visits', undefined, { headers, rawBody: body })).status).toBe(200);
    const replay = await b.request('POST', '/v1/visits', undefined, { headers, rawBody: body });
    expect(replay.status).toBe(401);
    expect(JSON.stringify(replay.body)).toContain('nonce_replayed');
  });

  it('the same batch sent to both processes at once is stored once: every visit accepted by one, duplicate at the other', async () => {
    const [code] = await codes(1);
    const identity = await enrolDevice(urls[1]!, code!, 'twice-kiosk');
    const visits = Array.from({ length: 200 }, () => visit(randomBytes(32).toString('hex')));
    const answers = await Promise.all(urls.map((url) => new DeviceClient(url, identity).request<{ results: { id: string; status: string }[] }>('POST', '/v1/visits', { visits })));
    for (const r of answers) expect(r.status).toBe(200);
    for (const [i, v] of visits.entries()) {
      const statuses = answers.map((r) => r.body.results[i]!.status).sort();
      expect({ id: v.id, statuses }).toEqual({ id: v.id, statuses: ['accepted', 'duplicate'] });
    }
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    try {
      const n = await c.query(`SELECT COUNT(*)::int AS n FROM ${schema}.visits WHERE id = ANY($1::uuid[])`, [visits.map((v) => v.id)]);
      expect(n.rows[0].n).toBe(200);
    } finally {
      await c.end();
    }
  });

  it('two risk imports at the same moment publish one version each, never two of the same number', async () => {
    const stores = await Promise.all([0, 1].map(() => openCityStore({ dataDir, pgUrl: pgUrl!, pgSchema: schema })));
    try {
      const admins = stores.map((s) => openCity({ dataDir, pgUrl: pgUrl!, pgSchema: schema }, s).admin);
      const lists = ['3271014501900001,CONFIRMED,2027-01-31', '3271010101850002,SUSPECT,2027-01-31'];
      const results = await Promise.allSettled(admins.map((a, i) => a.importRiskCsv(`nik,status,valid_until\n${lists[i]}\n`)));
      const published = results.filter((r) => r.status === 'fulfilled' && r.value.ok);
      const refused = results.filter((r) => r.status === 'rejected');
      // Either they ran one after the other (versions 1 and 2) or one was told the list moved on meanwhile.
      expect(published.length + refused.length).toBe(2);
      for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/moved on/);
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      try {
        const v = await c.query(`SELECT version FROM ${schema}.risk_versions ORDER BY version`);
        expect(v.rows.map((r: { version: number }) => Number(r.version))).toEqual(Array.from({ length: published.length }, (_, i) => i + 1));
      } finally {
        await c.end();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
